/** What a key press asks of the player. */
export type PlayerAction =
  | { type: 'toggle-play' }
  | { type: 'seek-by'; seconds: number }
  | { type: 'seek-to-fraction'; fraction: number }
  | { type: 'volume-by'; delta: number }
  | { type: 'toggle-mute' }
  | { type: 'toggle-fullscreen' }
  | { type: 'toggle-captions' }

/** The subset of KeyboardEvent the mapping reads (easy to build in tests). */
export interface KeyInfo {
  key: string
  ctrlKey?: boolean
  metaKey?: boolean
  altKey?: boolean
}

/**
 * The player's keyboard shortcuts (YouTube's and PeerTube's): space/k play or
 * pause, ←/→ 5 s, j/l 10 s, ↑/↓ volume, m mute, f full screen, c captions,
 * 0–9 jump to 0–90 %. Shortcuts with Ctrl/Cmd/Alt belong to the browser.
 */
export function actionForKey(e: KeyInfo): PlayerAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key
  switch (key) {
    case ' ':
    case 'Spacebar':
    case 'k':
      return { type: 'toggle-play' }
    case 'ArrowLeft':
      return { type: 'seek-by', seconds: -5 }
    case 'ArrowRight':
      return { type: 'seek-by', seconds: 5 }
    case 'j':
      return { type: 'seek-by', seconds: -10 }
    case 'l':
      return { type: 'seek-by', seconds: 10 }
    case 'ArrowUp':
      return { type: 'volume-by', delta: 0.05 }
    case 'ArrowDown':
      return { type: 'volume-by', delta: -0.05 }
    case 'm':
      return { type: 'toggle-mute' }
    case 'f':
      return { type: 'toggle-fullscreen' }
    case 'c':
      return { type: 'toggle-captions' }
  }
  if (/^[0-9]$/.test(key)) return { type: 'seek-to-fraction', fraction: Number(key) / 10 }
  return null
}
