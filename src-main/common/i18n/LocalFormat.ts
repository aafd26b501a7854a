import { formatNumber } from './formatNumber'
import type { Locale, MessageKey, MessageParams } from './translate'

/**
 * Every date, time, duration, relative time and number the page shows, in Dalel's language
 * and one time zone (the computer's), from the catalogs.
 *
 * Why the catalogs and not Intl, nor the FormatJS Intl polyfills: the Chromium builds Dalel
 * runs in (Electron's, Debian's) carry no Kazakh locale data. `Intl.DateTimeFormat('kk')`
 * still claims `kk` and prints "2025 M09 15", "-3 d". The polyfills would fix that with about
 * 300 KB of locale data per language added to the page and one more dependency to pin and
 * audit; the forms Dalel needs are few (a date, a time, a zone, a span of time, a number), the
 * catalogs already hold the month names in the case each language needs (Russian genitive:
 * «15 сентября»), and a translator fixes them where every other word is fixed. Intl is used
 * only for what every Chromium has whatever the language: the time-zone rules, through the
 * `en-US` numeric parts.
 */
export interface LocalFormat {
  /** the zone shown, e.g. "Asia/Aqtobe"; "UTC" where the system names none */
  readonly timeZone: string
  /** "2026 ж. 1 наурыз, 07:05 (UTC+5)"; with seconds "…, 07:05:09 (UTC+5)" */
  dateTime(iso: string, options?: { seconds?: boolean }): string
  /** "2026 ж. 1 наурыз" */
  date(iso: string): string
  /** "07:05" */
  time(iso: string): string
  /** "UTC+5" at that instant (daylight saving moves it) */
  zone(iso: string): string
  /** the local calendar day of an instant, "2026-03-01", for grouping */
  dayKey(iso: string): string
  /** "2026-03-01 02:05:00 UTC": what a lawyer compares with the bundle */
  utc(iso: string): string
  /** "1 234,5" in ru and kk, "1,234.5" in en */
  number(value: number, fractionDigits?: number): string
  /** "2,4 МБ" */
  bytes(bytes: number): string
  /** the two largest units of a span: "1 сағ 5 мин" */
  duration(seconds: number): string
  /** "3 күн бұрын", "через 5 мин", "just now" */
  relative(iso: string, now: Date): string
  /** local wall-clock parts of an instant, for the date-time field */
  parts(iso: string): LocalParts | null
  /** the instant of local wall-clock parts in this zone, as UTC ISO; null when impossible */
  fromParts(parts: LocalParts): string | null
}

export interface LocalParts {
  year: number
  /** 1–12 */
  month: number
  day: number
  hour: number
  minute: number
}

type Translate = (key: MessageKey, params?: MessageParams) => string

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

const SIZE_UNITS = [
  'ui.size.byte',
  'ui.size.kilobyte',
  'ui.size.megabyte',
  'ui.size.gigabyte'
] as const satisfies readonly MessageKey[]

/** Spans, largest first, in seconds. */
const SPANS = [
  ['ui.unit.day', 86_400],
  ['ui.unit.hour', 3_600],
  ['ui.unit.minute', 60],
  ['ui.unit.second', 1]
] as const satisfies readonly (readonly [MessageKey, number])[]

/** The month's catalog key (1–12). */
export function monthKey(month: number): MessageKey {
  return MONTHS[month - 1] ?? 'ui.month.1'
}

const pad = (n: number) => String(n).padStart(2, '0')

/** The system's zone, or UTC where it names none. */
export function systemTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  } catch {
    return 'UTC'
  }
}

/**
 * A zone's wall clock through `en-US` numeric parts: every ICU build has these, Kazakh data
 * or not. An unknown zone falls back to UTC rather than failing the page.
 */
function wallClock(timeZone: string): (ms: number) => LocalParts & { second: number } {
  let format: Intl.DateTimeFormat
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    })
  } catch {
    format = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', hourCycle: 'h23' })
  }
  return (ms) => {
    const parts: Record<string, number> = {}
    for (const part of format.formatToParts(new Date(ms)))
      if (part.type !== 'literal') parts[part.type] = Number(part.value)
    return {
      year: parts.year ?? 1970,
      month: parts.month ?? 1,
      day: parts.day ?? 1,
      // Some ICU versions say 24 for midnight even with h23.
      hour: (parts.hour ?? 0) % 24,
      minute: parts.minute ?? 0,
      second: parts.second ?? 0
    }
  }
}

export function createLocalFormat(
  locale: Locale,
  t: Translate,
  timeZone: string = systemTimeZone()
): LocalFormat {
  const clock = wallClock(timeZone)
  const parse = (iso: string): number | null => {
    const ms = Date.parse(iso)
    return Number.isNaN(ms) ? null : ms
  }
  /** minutes east of UTC at `ms` */
  const offsetAt = (ms: number): number => {
    const p = clock(ms)
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
    return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000)
  }
  const zoneAt = (ms: number): string => {
    const offset = offsetAt(ms)
    if (offset === 0) return 'UTC'
    const sign = offset > 0 ? '+' : '-'
    const abs = Math.abs(offset)
    const minutes = abs % 60
    return `UTC${sign}${Math.floor(abs / 60)}${minutes === 0 ? '' : `:${pad(minutes)}`}`
  }
  const dateOf = (p: LocalParts) =>
    t('ui.date', { day: p.day, month: t(monthKey(p.month)), year: p.year })
  const timeOf = (p: LocalParts & { second?: number }, seconds = false) =>
    `${pad(p.hour)}:${pad(p.minute)}${seconds ? `:${pad(p.second ?? 0)}` : ''}`
  const number = (value: number, fractionDigits = 0): string =>
    formatNumber(locale, value, fractionDigits)

  const duration = (seconds: number): string => {
    const total = Math.max(0, Math.round(seconds))
    const first = SPANS.findIndex(([, size]) => total >= size)
    if (first < 0) return t('ui.unit.second', { n: number(0) })
    // The largest unit and, when not zero, its neighbour: "1 h 5 min", never "1 d 5 s".
    const [key, size] = SPANS[first] ?? SPANS[3]
    const shown = [t(key, { n: number(Math.floor(total / size)) })]
    const next = SPANS[first + 1]
    if (next !== undefined) {
      const count = Math.floor((total % size) / next[1])
      if (count > 0) shown.push(t(next[0], { n: number(count) }))
    }
    return shown.join(' ')
  }

  return {
    timeZone,
    dateTime(iso, options) {
      const ms = parse(iso)
      if (ms === null) return iso
      const p = clock(ms)
      return t('ui.dateTimeZone', {
        date: dateOf(p),
        time: timeOf(p, options?.seconds === true),
        zone: zoneAt(ms)
      })
    },
    date(iso) {
      const ms = parse(iso)
      return ms === null ? iso : dateOf(clock(ms))
    },
    time(iso) {
      const ms = parse(iso)
      return ms === null ? iso : timeOf(clock(ms))
    },
    zone(iso) {
      const ms = parse(iso)
      return ms === null ? '' : zoneAt(ms)
    },
    dayKey(iso) {
      const ms = parse(iso)
      if (ms === null) return ''
      const p = clock(ms)
      return `${p.year}-${pad(p.month)}-${pad(p.day)}`
    },
    utc(iso) {
      const ms = parse(iso)
      if (ms === null) return iso
      return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`
    },
    number,
    bytes(bytes) {
      let value = bytes
      let unit = 0
      while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
        value /= 1024
        unit += 1
      }
      return t(SIZE_UNITS[unit] ?? 'ui.size.byte', {
        value: number(value, unit === 0 ? 0 : 1)
      })
    },
    duration,
    relative(iso, now) {
      const ms = parse(iso)
      if (ms === null) return iso
      const seconds = Math.round((now.getTime() - ms) / 1000)
      if (Math.abs(seconds) < 45) return t('ui.relative.now')
      // One unit is enough to say how long ago: "3 days ago", not "3 days 4 hours ago".
      const abs = Math.abs(seconds)
      const [key, size] = SPANS.find(([, s]) => abs >= s) ?? SPANS[3]
      const span = t(key, { n: number(Math.floor(abs / size)) })
      return t(seconds > 0 ? 'ui.relative.past' : 'ui.relative.future', { span })
    },
    parts(iso) {
      const ms = parse(iso)
      if (ms === null) return null
      const { year, month, day, hour, minute } = clock(ms)
      return { year, month, day, hour, minute }
    },
    fromParts(p) {
      const { year, month, day, hour, minute } = p
      if (
        ![year, month, day, hour, minute].every(Number.isInteger) ||
        year < 1 ||
        year > 9999 ||
        month < 1 ||
        month > 12 ||
        day < 1 ||
        day > 31 ||
        hour < 0 ||
        hour > 23 ||
        minute < 0 ||
        minute > 59
      )
        return null
      const wall = Date.UTC(year, month - 1, day, hour, minute)
      // 31 February and the like roll over in Date.UTC: refuse them instead.
      if (new Date(wall).getUTCDate() !== day) return null
      // The offset at the guess, then at the corrected instant (a zone changing offset
      // between the two, as at a daylight-saving switch, settles on the second).
      let ms = wall - offsetAt(wall) * 60_000
      ms = wall - offsetAt(ms) * 60_000
      return new Date(ms).toISOString()
    }
  }
}
