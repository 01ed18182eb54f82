import { computed, type Ref } from 'vue'
import { ApiError } from '@/api/errors'

/**
 * Per-field server messages for a form: `fieldError('email')` is the message
 * the last ApiError gave for that field (also matching `channel.name` for `name`
 * when a prefix is given).
 */
export function useFieldErrors(error: Ref<unknown>, prefix = '') {
  const byField = computed(() => {
    const m = new Map<string, string>()
    const e = error.value
    if (e instanceof ApiError) for (const f of e.fields) m.set(f.field, f.message)
    return m
  })
  return (field: string): string | undefined => byField.value.get(prefix + field) ?? byField.value.get(field)
}
