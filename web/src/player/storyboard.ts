import type { Storyboard } from '@peertube/peertube-types'

/** The part of a storyboard sprite sheet to show for one moment of the video. */
export interface StoryboardTile {
  /** CSS background-position of the sheet, in pixels */
  x: number
  y: number
  width: number
  height: number
  /** the sheet's own size (CSS background-size) */
  sheetWidth: number
  sheetHeight: number
}

type SheetInfo = Pick<Storyboard, 'totalWidth' | 'totalHeight' | 'spriteWidth' | 'spriteHeight' | 'spriteDuration'>

/**
 * Which tile of the sheet shows `time`: tiles are laid out left to right, then
 * top to bottom, each covering `spriteDuration` seconds. Times past the last
 * tile show the last one. Null when the sheet description is unusable.
 */
export function storyboardTile(sb: SheetInfo, time: number): StoryboardTile | null {
  const { totalWidth, totalHeight, spriteWidth, spriteHeight, spriteDuration } = sb
  if (!(spriteWidth > 0 && spriteHeight > 0 && spriteDuration > 0 && totalWidth >= spriteWidth && totalHeight >= spriteHeight)) return null
  const columns = Math.floor(totalWidth / spriteWidth)
  const rows = Math.floor(totalHeight / spriteHeight)
  const last = columns * rows - 1
  const index = Math.min(last, Math.max(0, Math.floor(Math.max(0, time) / spriteDuration)))
  return {
    x: -(index % columns) * spriteWidth,
    y: -Math.floor(index / columns) * spriteHeight,
    width: spriteWidth,
    height: spriteHeight,
    sheetWidth: totalWidth,
    sheetHeight: totalHeight
  }
}
