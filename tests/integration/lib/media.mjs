// Test media generated with ffmpeg (lavfi sources), cached on disk: the same
// recipe gives the same file for every test file of a run (and later runs),
// written through a temporary name + rename so parallel test files are safe.
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const MEDIA_DIR = process.env.VIDIVERSE_MEDIA_CACHE || path.join(os.tmpdir(), 'vidiverse-it-media')

function ffmpegVersion () {
  try {
    return execFileSync('ffmpeg', ['-version'], { encoding: 'utf8' }).split('\n')[0]
  } catch (err) {
    throw new Error(`ffmpeg is required by the video tests: ${err.message}`)
  }
}

let version = null

/** Runs ffmpeg with `args` (output file appended) unless the cached file exists; returns its path. */
function generate (name, args) {
  version ??= ffmpegVersion()
  fs.mkdirSync(MEDIA_DIR, { recursive: true })
  const key = crypto.createHash('sha256').update(version + '\0' + JSON.stringify(args)).digest('hex').slice(0, 12)
  const ext = path.extname(name)
  const file = path.join(MEDIA_DIR, `${path.basename(name, ext)}-${key}${ext}`)
  if (fs.existsSync(file) && fs.statSync(file).size > 0) return file
  const tmp = path.join(MEDIA_DIR, `.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}${ext}`)
  try {
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args, tmp], { stdio: ['ignore', 'pipe', 'pipe'] })
    fs.renameSync(tmp, file)
  } catch (err) {
    fs.rmSync(tmp, { force: true })
    throw new Error(`ffmpeg failed for ${name}: ${err.stderr?.toString() || err.message}`)
  }
  return file
}

/**
 * An H.264/AAC MP4. Options: width, height, fps, seconds, audio (default true),
 * faststart (moov first; default false so that a truncated copy is unreadable),
 * tone (sine frequency, to make files differ), bitrate (e.g. '8M', constant),
 * pixFmt (default yuv420p; odd sizes need an unsubsampled one such as yuv444p).
 */
export function makeVideo ({ width = 640, height = 360, fps = 25, seconds = 3, audio = true, faststart = false, tone = 440, bitrate, pattern = 'testsrc', pixFmt = 'yuv420p' } = {}) {
  const args = ['-f', 'lavfi', '-i', `${pattern}=size=${width}x${height}:rate=${fps}`]
  if (audio) args.push('-f', 'lavfi', '-i', `sine=frequency=${tone}:sample_rate=44100`)
  args.push('-t', String(seconds), '-c:v', 'libx264', '-pix_fmt', pixFmt)
  if (bitrate) args.push('-preset', 'ultrafast', '-b:v', bitrate, '-minrate', bitrate, '-maxrate', bitrate, '-bufsize', '1M', '-x264-params', 'nal-hrd=cbr')
  else args.push('-preset', 'veryfast')
  if (audio) args.push('-c:a', 'aac', '-b:a', '64k')
  if (faststart) args.push('-movflags', '+faststart')
  args.push('-f', 'mp4')
  return generate(`video-${width}x${height}-${seconds}s.mp4`, args)
}

/** An MP3 (audio only). */
export function makeAudio ({ seconds = 3, tone = 660 } = {}) {
  return generate(`audio-${seconds}s.mp3`, ['-f', 'lavfi', '-i', `sine=frequency=${tone}:sample_rate=44100`, '-t', String(seconds), '-c:a', 'libmp3lame', '-b:a', '64k', '-f', 'mp3'])
}

/** A JPEG still of width×height (for thumbnailfile / previewfile). */
export function makeJpeg ({ width = 640, height = 360, color = 'red' } = {}) {
  return generate(`image-${width}x${height}-${color}.jpg`, ['-f', 'lavfi', '-i', `color=c=${color}:size=${width}x${height}`, '-frames:v', '1', '-f', 'image2', '-c:v', 'mjpeg'])
}

// Named media used by the suites.
export const media = {
  /** 640×360, 25 fps, 3 s, H.264 + AAC (~50 kB). */
  landscape: () => makeVideo(),
  /** 360×640, 30 fps, 2 s. */
  portrait: () => makeVideo({ width: 360, height: 640, fps: 30, seconds: 2, tone: 550 }),
  /** 3 s MP3. */
  audio: () => makeAudio(),
  /** ~8 MB 1280×720 8 s MP4 for multi-chunk resumable uploads. */
  big: () => makeVideo({ width: 1280, height: 720, seconds: 8, bitrate: '8M', pattern: 'testsrc2', tone: 300 }),
  /** A video of `seconds` seconds (different durations for the sort tests). */
  ofDuration: (seconds) => makeVideo({ width: 320, height: 180, seconds, tone: 200 + seconds * 10 })
}

export function readMedia (file) {
  return fs.readFileSync(file)
}

export function sha256 (buf) {
  return crypto.createHash('sha256').update(buf).digest('hex')
}

/** ffprobe's JSON for a file (format + streams). */
export function probe (file) {
  const out = execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], { encoding: 'utf8' })
  return JSON.parse(out)
}

/** Writes a buffer to a temp file of the media cache dir (for derived bad inputs). */
export function writeTemp (name, buf) {
  fs.mkdirSync(MEDIA_DIR, { recursive: true })
  const file = path.join(MEDIA_DIR, `${crypto.createHash('sha256').update(buf).digest('hex').slice(0, 12)}-${name}`)
  if (!fs.existsSync(file)) {
    const tmp = file + `.tmp-${process.pid}`
    fs.writeFileSync(tmp, buf)
    fs.renameSync(tmp, file)
  }
  return file
}
