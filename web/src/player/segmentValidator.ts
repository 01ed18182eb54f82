/**
 * Checks HLS segments received from other viewers against the SHA-256 sums the
 * server publishes (`segmentsSha256Url` of the streaming playlist), so a peer
 * cannot feed us altered video. PeerTube's file maps a segment file name either
 * to one hash, or (fragmented MP4 with byte ranges) to { "start-end": hash }
 * with an inclusive end, as in an HTTP Range.
 */
export type SegmentHashes = Record<string, string | Record<string, string>>

/** What the P2P loader hands to the validator (p2p-media-loader's Segment). */
export interface SegmentLike {
  url: string
  /** an HTTP Range value, "bytes=0-1023", for byte-range segments */
  range?: string
  data?: ArrayBuffer
}

/** The expected hash of a segment, or undefined when the list does not know it. */
export function expectedHash(hashes: SegmentHashes, url: string, range?: string): string | undefined {
  const name = fileNameOf(url)
  const entry = hashes[name]
  if (entry === undefined) return undefined
  if (typeof entry === 'string') return entry
  const m = /(\d+)-(\d+)/.exec(range ?? '')
  return m ? entry[`${m[1]}-${m[2]}`] : undefined
}

export function fileNameOf(url: string): string {
  const path = url.split('#')[0].split('?')[0]
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1))
}

export async function sha256Hex(data: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data)
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

export interface ValidatorOptions {
  /** downloads the hash list (again when a segment is missing: lives grow) */
  fetchHashes: () => Promise<SegmentHashes>
  /** how many times to refetch the list for an unknown segment */
  retries?: number
  /** pause before refetching */
  retryDelayMs?: number
  digest?: (data: ArrayBuffer) => Promise<string>
}

/**
 * A p2p-media-loader `segmentValidator`: resolves when the segment matches,
 * rejects otherwise (the loader then drops the data and the peer).
 */
export function createSegmentValidator(opts: ValidatorOptions): (segment: SegmentLike) => Promise<void> {
  const retries = opts.retries ?? 3
  const delay = opts.retryDelayMs ?? 1000
  const digest = opts.digest ?? sha256Hex
  let hashes: Promise<SegmentHashes> | null = null
  const load = () => (hashes = opts.fetchHashes().catch(() => ({}) as SegmentHashes))

  return async (segment) => {
    if (!segment.data) throw new Error(`No data for segment ${segment.url}`)
    let expected: string | undefined
    for (let attempt = 0; ; attempt++) {
      expected = expectedHash(await (hashes ?? load()), segment.url, segment.range)
      if (expected !== undefined || attempt >= retries) break
      await new Promise((r) => setTimeout(r, delay))
      load()
    }
    if (expected === undefined) throw new Error(`Unknown segment ${fileNameOf(segment.url)} ${segment.range ?? ''}`)
    const actual = await digest(segment.data)
    if (actual !== expected) throw new Error(`Wrong hash for segment ${fileNameOf(segment.url)} ${segment.range ?? ''}`)
  }
}
