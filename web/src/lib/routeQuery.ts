import { computed, onBeforeUnmount, ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'

/**
 * List filters kept in the URL query (the admin tables), so that a filtered,
 * paged view can be bookmarked and survives a reload: `start` from `?start=`,
 * `setQuery` replaces some keys (empty or undefined ones are dropped),
 * `setStart` is what the pagination calls.
 */
export function useRouteQuery() {
  const route = useRoute()
  const router = useRouter()
  const start = computed(() => Math.max(0, Number(route.query.start) || 0))

  function setQuery(patch: Record<string, string | undefined>) {
    const q: Record<string, string> = {}
    for (const [k, v] of Object.entries({ ...route.query, ...patch })) if (typeof v === 'string' && v !== '') q[k] = v
    void router.replace({ query: q })
  }
  /** `?key=` when it is a single string, else undefined */
  function queryString(key: string): string | undefined {
    const v = route.query[key]
    return typeof v === 'string' ? v : undefined
  }
  const setStart = (s: number) => setQuery({ start: s ? String(s) : undefined })

  return { route, start, setQuery, setStart, queryString }
}

/**
 * A search box that asks the server only once typing pauses: `apply` gets the
 * trimmed text `ms` after the last keystroke (nothing after the page is left).
 */
export function useDebouncedSearch(initial: string, apply: (text: string) => void, ms = 300) {
  const search = ref(initial)
  let timer: ReturnType<typeof setTimeout> | undefined
  watch(search, (s) => {
    clearTimeout(timer)
    timer = setTimeout(() => apply(s.trim()), ms)
  })
  onBeforeUnmount(() => clearTimeout(timer))
  return search
}
