import type { VideoChapter } from '@peertube/peertube-types'

/** A chapter placed on the seek bar. */
export interface ChapterMark {
  title: string
  start: number
  end: number
  /** where it starts, in percent of the bar */
  left: number
}

/** Chapters in time order with their ends (the next one's start, or the video's end). */
export function chapterMarks(chapters: VideoChapter[], duration: number): ChapterMark[] {
  if (!(duration > 0)) return []
  const sorted = [...chapters].filter((c) => Number.isFinite(c.timecode) && c.timecode >= 0 && c.timecode < duration).sort((a, b) => a.timecode - b.timecode)
  return sorted.map((c, i) => ({
    title: c.title,
    start: c.timecode,
    end: i + 1 < sorted.length ? sorted[i + 1].timecode : duration,
    left: (c.timecode / duration) * 100
  }))
}

/** The chapter playing at `time`, if any. */
export function chapterAt(marks: ChapterMark[], time: number): ChapterMark | null {
  for (let i = marks.length - 1; i >= 0; i--) if (time >= marks[i].start) return marks[i]
  return null
}
