import { onBeforeUnmount, watch, type Ref } from 'vue'

/**
 * Infinite scroll: `onVisible` runs when `target` (an empty element after the last
 * card) comes within `rootMargin` of the viewport. The observer only reports
 * changes, so after a page has been added the caller calls `recheck`: observing
 * again reports the current state, and a sentinel still in view (a tall screen,
 * a short page) asks for one more page. Without IntersectionObserver nothing
 * happens and the "Load more" button that every caller keeps does the work.
 */
export function useInfiniteScroll(target: Ref<Element | null>, onVisible: () => void, rootMargin = '600px 0px') {
  let observer: IntersectionObserver | null = null

  function observe(el: Element | null) {
    observer?.disconnect()
    if (!el || typeof IntersectionObserver === 'undefined') return
    observer ??= new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onVisible()
    }, { rootMargin })
    observer.observe(el)
  }

  // the sentinel comes and goes with the list (none once everything is shown)
  watch(target, observe, { flush: 'post' })
  onBeforeUnmount(() => observer?.disconnect())

  return { recheck: () => observe(target.value) }
}
