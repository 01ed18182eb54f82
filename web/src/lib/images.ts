import type { ActorImage } from '@peertube/peertube-types'

type ImageLike = Pick<ActorImage, 'width' | 'path' | 'fileUrl'> & Partial<ActorImage>

/**
 * The URL of the smallest image at least `size` px wide (else the largest).
 * The relative `path` is preferred so that the page's own server (or the
 * development proxy) serves it; remote images go through /lazy-static too.
 */
export function pickImage(images: readonly ImageLike[] | null | undefined, size: number): string | null {
  if (!images || images.length === 0) return null
  const sorted = [...images].sort((a, b) => (a.width ?? 0) - (b.width ?? 0))
  const img = sorted.find((i) => (i.width ?? 0) >= size) ?? sorted[sorted.length - 1]
  if (img.path && img.path.startsWith('/')) return img.path
  return img.fileUrl || img.path || null
}

/** `name` for local actors, `name@host` for remote ones. */
export function actorHandle(actor: { name: string; host: string }, localHost?: string | null): string {
  if (!localHost || actor.host === localHost) return actor.name
  return `${actor.name}@${actor.host}`
}
