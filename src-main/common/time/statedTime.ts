// Pure TypeScript: the times a person states (when something happened, when it ended), read
// the same way by the CLI, the app and validateDraft. Stored as typed, plus an explicit
// offset, so a court reads "10:00+05:00" and never has to guess the zone.

/** How far a stated time may lie after the moment of recording: clocks drift, and a person
 * may write "now" a little early. Anything later is a mistake, not an event. */
export const CLOCK_SKEW_MINUTES = 10
/** Nothing a journalist records happened before this year; 0000-01-01 is a typo. */
export const EARLIEST_YEAR = 1900
/** The forms a person may type, shown in the error for anything else. */
export const STATED_TIME_FORMS = [
  '2026-03-01',
  '2026-03-01 14:30',
  '2026-03-01T14:30+05:00',
  '01.03.2026',
  '01.03.2026 14:30'
] as const

export type StatedTimeProblem = 'format' | 'impossible' | 'early' | 'future'

export type StatedTime =
  | {
      ok: true
      /** what is stored: YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS[.fff]] with Z or ±HH:MM */
      value: string
      /** true when no offset was typed and the local zone's was added */
      zoneAssumed: boolean
    }
  | { ok: false; problem: StatedTimeProblem }

interface Parts {
  year: number
  month: number
  day: number
  time?: { hour: number; minute: number; second?: string }
  /** 'Z', '+05:00', or undefined when none was typed */
  offset?: string
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d{1,9})?))?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

function normalOffset(offset: string): string {
  if (offset === 'Z') return 'Z'
  const digits = offset.slice(1).replace(':', '')
  return `${offset[0] ?? '+'}${digits.slice(0, 2)}:${digits.slice(2) || '00'}`
}

/** The matched pieces as Parts; absent pieces stay absent. */
function partsOf(
  y: string | undefined,
  mo: string | undefined,
  d: string | undefined,
  h: string | undefined,
  mi: string | undefined,
  s: string | undefined,
  offset: string | undefined
): Parts {
  return {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    ...(h !== undefined && mi !== undefined
      ? { time: { hour: Number(h), minute: Number(mi), ...(s !== undefined ? { second: s } : {}) } }
      : {}),
    ...(offset !== undefined ? { offset: normalOffset(offset) } : {})
  }
}

function parse(text: string): Parts | null {
  const iso = ISO.exec(text)
  if (iso !== null) return partsOf(iso[1], iso[2], iso[3], iso[4], iso[5], iso[6], iso[7])
  // Day first, as Kazakh and Russian documents write it.
  const dotted = DOTTED.exec(text)
  if (dotted !== null)
    return partsOf(dotted[3], dotted[2], dotted[1], dotted[4], dotted[5], dotted[6], undefined)
  return null
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day))
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  )
}

function isRealTime(parts: Parts): boolean {
  const { time, offset } = parts
  if (time === undefined) return true
  if (time.hour > 23 || time.minute > 59) return false
  if (time.second !== undefined && Number(time.second) >= 60) return false
  if (offset !== undefined && offset !== 'Z') {
    const hours = Number(offset.slice(1, 3))
    const minutes = Number(offset.slice(4, 6))
    if (hours > 14 || minutes > 59) return false
  }
  return true
}

function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0
  const sign = offset.startsWith('-') ? -1 : 1
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)))
}

/** The wall-clock time as if it were UTC, in ms. */
function wallMs(parts: Parts): number {
  const t = parts.time
  return Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    t?.hour ?? 0,
    t?.minute ?? 0,
    t?.second === undefined ? 0 : Number(t.second)
  )
}

/**
 * The earliest instant the stated time can mean: with an offset, exactly that; a date alone
 * or a time without an offset could be in any zone, the most advanced being UTC+14.
 */
function earliestInstant(parts: Parts): number {
  if (parts.offset !== undefined && parts.time !== undefined)
    return wallMs(parts) - offsetMinutes(parts.offset) * 60_000
  return wallMs(parts) - 14 * 3_600_000
}

function problemOf(parts: Parts | null, now: Date): StatedTimeProblem | null {
  if (parts === null) return 'format'
  // First: Date.UTC reads years 0–99 as 1900–1999, so 0000-01-01 would look like a real date.
  if (parts.year < EARLIEST_YEAR) return 'early'
  if (!isRealDate(parts.year, parts.month, parts.day) || !isRealTime(parts)) return 'impossible'
  if (earliestInstant(parts) > now.getTime() + CLOCK_SKEW_MINUTES * 60_000) return 'future'
  return null
}

/** The local zone's offset, in minutes east of UTC, for a wall-clock time (the runtime's zone). */
export function runtimeZoneOffset(wall: {
  year: number
  month: number
  day: number
  hour: number
  minute: number
}): number {
  return -new Date(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute).getTimezoneOffset()
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

/**
 * Reads a time a person typed: ISO 8601 (date, or date and time, with or without an offset)
 * or the day-first dotted form used in Kazakhstan and Russia. A time without an offset is
 * read in `zoneOffset`'s zone (the computer's) and stored with that offset. Refuses what is
 * not a real date or time (2026-02-30, 24:00), anything before EARLIEST_YEAR, and anything
 * later than `now` plus CLOCK_SKEW_MINUTES.
 * @param now the moment of recording
 */
export function parseStatedTime(
  text: string,
  now: Date,
  zoneOffset: typeof runtimeZoneOffset = runtimeZoneOffset
): StatedTime {
  const parts = parse(text.trim())
  if (parts !== null && parts.time !== undefined && parts.offset === undefined) {
    if (parts.year < EARLIEST_YEAR) return { ok: false, problem: 'early' }
    if (!isRealDate(parts.year, parts.month, parts.day) || !isRealTime(parts))
      return { ok: false, problem: 'impossible' }
    parts.offset = formatOffset(
      zoneOffset({ ...parts, hour: parts.time.hour, minute: parts.time.minute })
    )
    const problem = problemOf(parts, now)
    if (problem !== null) return { ok: false, problem }
    return { ok: true, value: stored(parts), zoneAssumed: true }
  }
  const problem = problemOf(parts, now)
  if (problem !== null || parts === null) return { ok: false, problem: problem ?? 'format' }
  return { ok: true, value: stored(parts), zoneAssumed: false }
}

function stored(parts: Parts): string {
  const date = `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}`
  const t = parts.time
  if (t === undefined) return date
  const seconds = t.second === undefined ? '' : `:${t.second}`
  return `${date}T${pad(t.hour)}:${pad(t.minute)}${seconds}${parts.offset ?? ''}`
}

/**
 * What validateDraft asks of a time handed to the service (already in a stored form, or an
 * ISO time from the app): a real date and time, not before EARLIEST_YEAR, not after `now`
 * plus the skew. Null when it is fine. Without `now` the future is not checked.
 */
export function statedTimeProblem(text: string, now?: Date): StatedTimeProblem | null {
  const parts = ISO.exec(text) === null ? null : parse(text)
  return problemOf(parts, now ?? new Date(8.64e15))
}
