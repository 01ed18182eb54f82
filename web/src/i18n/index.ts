import en from './en'

/** The shape every translation has: the English table with its strings widened. */
type Widen<T> = T extends string ? string : { [K in keyof T]: Widen<T[K]> }
export type Messages = Widen<typeof en>

/**
 * The strings of the interface. Only English exists today; a translation is a
 * file of the same shape (`Messages`), chosen here from `navigator.language`.
 */
export const t: Messages = en

/** The language tag used for number and date formatting. */
export const locale = 'en'

/** Replaces `{name}` placeholders with values. */
export function fmt(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole))
}

/** Picks the plural form for `n` (CLDR categories) and fills `{n}` in. */
export function plural(forms: { one: string; other: string; zero?: string }, n: number): string {
  const cat = n === 0 && forms.zero ? 'zero' : new Intl.PluralRules(locale).select(n) === 'one' ? 'one' : 'other'
  return fmt(forms[cat] ?? forms.other, { n: formatNumber(n) })
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(locale).format(n)
}

/** A byte count as people read it (1.5 GB), or the "unlimited" word for -1. */
export function formatBytes(bytes: number): string {
  if (bytes < 0) return t.common.unlimited
  const units = t.units.bytes
  let value = bytes
  let i = 0
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024
    i++
  }
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: value < 10 && i > 0 ? 1 : 0 }).format(value)
  return fmt(t.units.format, { n, unit: units[i] })
}

export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return ''
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return ''
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(d)
}

/** A date with its time of day (job lists, logs). */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return ''
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return ''
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(d)
}
