import { ref, type Ref } from 'vue'

/**
 * One user action at a time on a page (delete, block, pause the queue…), shared
 * because every list page did the same dance by hand: mark what is busy (so its
 * button can be disabled), clear the previous error and success message, run,
 * keep the error if it fails, and always end not busy.
 */
export function useBusyAction<K>(error: Ref<unknown>, message: Ref<string | null>) {
  const busy = ref<K | null>(null) as Ref<K | null>
  async function run(key: K, action: () => Promise<unknown>): Promise<void> {
    busy.value = key
    error.value = null
    message.value = null
    try {
      await action()
    } catch (e) {
      error.value = e
    } finally {
      busy.value = null
    }
  }
  return { busy, run }
}
