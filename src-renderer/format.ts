import type { I18n } from './i18n/I18n'
import type { MessageKey } from './i18n/translate'

const MONTHS = [
  'ui.month.1',
  'ui.month.2',
  'ui.month.3',
  'ui.month.4',
  'ui.month.5',
  'ui.month.6',
  'ui.month.7',
  'ui.month.8',
  'ui.month.9',
  'ui.month.10',
  'ui.month.11',
  'ui.month.12'
] as const satisfies readonly MessageKey[]

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * An instant in the journalist's local time, for lists: "2026 ж. 1 наурыз, 14:00". Built
 * from the catalogs, not Intl: the Chromium builds Dalel runs in (Electron, Debian's) carry
 * no Kazakh date data and would print "2026 M03 1".
 */
export function formatLocalTime(iso: string, { t }: I18n): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return t('ui.dateTime', {
    day: date.getDate(),
    month: t(MONTHS[date.getMonth()] ?? 'ui.month.1'),
    year: date.getFullYear(),
    time: `${pad(date.getHours())}:${pad(date.getMinutes())}`
  })
}

/**
 * An instant exactly as recorded, in UTC to the second: what a lawyer compares with the
 * bundle ("2026-03-01 09:00:00 UTC").
 */
export function formatUtc(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

const SIZE_UNITS = [
  'ui.size.byte',
  'ui.size.kilobyte',
  'ui.size.megabyte',
  'ui.size.gigabyte'
] as const satisfies readonly MessageKey[]

/** A size in the largest unit that keeps it at 1 or more: "2,4 МБ". */
export function formatBytes(bytes: number, { t, locale }: I18n): string {
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024
    unit += 1
  }
  // Kazakh writes numbers as Russian does ("1 234,5"); Chromium may lack Kazakh number data.
  const number = new Intl.NumberFormat(locale === 'kk' ? 'ru' : locale, {
    maximumFractionDigits: unit === 0 ? 0 : 1
  }).format(value)
  return t(SIZE_UNITS[unit] ?? 'ui.size.byte', { value: number })
}

/**
 * The value of an <input type="datetime-local"> ("2026-03-01T07:00", the journalist's
 * local time) as a UTC ISO instant; undefined when empty or not a date.
 */
export function localInputToIso(value: string): string | undefined {
  if (value.trim() === '') return undefined
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

/** Lines of a textarea as a list, blank lines dropped: "one per line" fields. */
export function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

/** Comma- or line-separated tags, trimmed, without duplicates. */
export function tagsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((tag) => tag.trim())
        .filter((tag) => tag !== '')
    )
  ]
}
