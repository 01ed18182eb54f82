/**
 * Times as PeerTube's URLs write them (`?start=`, `?stop=` on watch and embed
 * pages): plain seconds ("90"), units ("1h2m3s", "1m30s", "45s") or a clock
 * ("1:30", "1:02:03"). Returns whole seconds, or null when the text is not a time.
 */
export function parseTimeParam(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null
  const text = value.trim().toLowerCase()
  if (!text) return null

  // "90", "90.5" (seconds; fractions are dropped like PeerTube does)
  if (/^\d+(\.\d+)?$/.test(text)) return Math.floor(Number(text))

  // "1h2m3s", "2m", "1m30s", "1h", "1m30" (a trailing bare number is seconds)
  const units = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$/.exec(text)
  if (units && (units[1] || units[2] || units[3])) {
    return Number(units[1] ?? 0) * 3600 + Number(units[2] ?? 0) * 60 + Number(units[3] ?? 0)
  }

  // "1:30", "01:02:03"
  if (/^\d+(:\d{1,2}){1,2}$/.test(text)) {
    return text.split(':').reduce((total, part) => total * 60 + Number(part), 0)
  }
  return null
}

/**
 * Where playback should resume from the viewer's history: null when there is
 * nothing to resume or the viewer had (nearly) finished, so the video starts over
 * instead of ending at once.
 */
export function resumePosition(historyTime: number | null | undefined, duration: number | null | undefined): number | null {
  const at = Number(historyTime ?? 0)
  if (!Number.isFinite(at) || at <= 0) return null
  const total = Number(duration ?? 0)
  if (total > 0) {
    // the last 5 seconds or 2% (credits of a long video) count as "finished"
    const tail = Math.max(5, total * 0.02)
    if (at >= total - tail) return null
  }
  return at
}
