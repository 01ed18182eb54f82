import { ref, watch, type Ref, type WatchSource } from 'vue'
import type { ResultList } from '@peertube/peertube-types'

export interface PagedListOptions<T> {
  /** page size */
  count: number
  /** reads one page; `undefined` leaves the list as it is (nothing to ask yet) */
  fetch: (start: number, count: number) => Promise<ResultList<T> | undefined>
  /** where the page starts; by default a local ref starting at 0 (a page may derive it from its URL) */
  start?: Ref<number>
  /** what else, when it changes, reads the list again (filters, search, URL query) */
  watch?: WatchSource[]
}

/**
 * The paged list behind the list pages (my videos, playlists, history, admin
 * tables): one page of items, the total, the error of the last read, read again
 * whenever the start or a filter changes. Only the newest read is kept, so a slow
 * answer to an old filter never replaces a newer one. `items` is null until the
 * first answer (the pages show "Loading" then).
 */
export function usePagedList<T>(options: PagedListOptions<T>) {
  const start = options.start ?? ref(0)
  const items = ref<T[] | null>(null) as Ref<T[] | null>
  const total = ref(0)
  const error = ref<unknown>(null)
  let seq = 0

  async function load(): Promise<void> {
    const mine = ++seq
    error.value = null
    try {
      const page = await options.fetch(start.value, options.count)
      if (mine !== seq || !page) return
      items.value = page.data
      total.value = page.total
    } catch (e) {
      if (mine === seq) error.value = e
    }
  }
  watch([start, ...(options.watch ?? [])], load, { immediate: true })

  /** After removing an item: the previous page when this one would be empty, else this page again. */
  async function reloadAfterRemoval(): Promise<void> {
    if (items.value?.length === 1 && start.value > 0) start.value = Math.max(0, start.value - options.count)
    else await load()
  }

  return { start, items, total, error, load, reloadAfterRemoval }
}
