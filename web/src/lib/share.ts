/**
 * What the share dialog offers: the watch address (optionally starting at a
 * given moment), the playlist address, PeerTube's embed code, and copying
 * text to the clipboard where the Clipboard API is missing or refused.
 */

/** Seconds as PeerTube writes them in `?start=`: "1h2m3s", "1m30s", "45s". */
export function formatTimeParam(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds || 0))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${sec}s`
}

/** The short watch address of a video, `?start=` added when a start time is given. */
export function videoShareUrl(origin: string, v: { shortUUID?: string; uuid: string }, start?: number | null): string {
  const url = `${origin}/w/${v.shortUUID || v.uuid}`
  return start && start > 0 ? `${url}?start=${formatTimeParam(start)}` : url
}

/** The address of a playlist, at the element being watched. */
export function playlistShareUrl(origin: string, p: { shortUUID?: string; uuid: string }, position?: number | null): string {
  const url = `${origin}/w/p/${p.shortUUID || p.uuid}`
  return position && position > 1 ? `${url}?playlistPosition=${position}` : url
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** PeerTube's embed code (same attributes, same sandbox), with the title escaped. */
export function embedCode(origin: string, v: { uuid: string; name: string }, start?: number | null): string {
  const src = `${origin}/videos/embed/${v.uuid}${start && start > 0 ? `?start=${formatTimeParam(start)}` : ''}`
  return (
    `<iframe title="${escapeAttribute(v.name)}" width="560" height="315" src="${escapeAttribute(src)}" ` +
    'style="border: 0px;" allow="fullscreen" sandbox="allow-same-origin allow-scripts allow-popups allow-forms"></iframe>'
  )
}

/**
 * Copies text: the Clipboard API first (secure pages only), else the old
 * `execCommand('copy')` on a selected field. Resolves false when neither works,
 * so the caller can ask the viewer to copy the selected text themselves.
 */
export async function copyText(text: string, field?: HTMLInputElement | HTMLTextAreaElement | null): Promise<boolean> {
  try {
    if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text)
      return true
    }
  } catch {
    // refused (no permission, page not focused): try the fallback
  }
  try {
    if (field) {
      field.focus()
      field.select()
      return typeof document.execCommand === 'function' && document.execCommand('copy')
    }
  } catch {
    // execCommand may throw where it is gone
  }
  return false
}
