import { describe, expect, it } from 'vitest'
import { i18nFor } from './I18n'

// Aqtobe keeps UTC+5 all year (Almaty moved from +6 in 2024, and not every tz database knows);
// Moscow is UTC+3; New York has daylight saving.
const kk = i18nFor('kk', 'Asia/Aqtobe').f
const ru = i18nFor('ru', 'Europe/Moscow').f
const en = i18nFor('en', 'America/New_York').f
const instant = '2025-09-15T09:05:00.000Z'
/** a no-break space: a date's parts that may not part at a line's end */
const nb = '\u00a0'

describe('the one formatter of dates, times, spans and numbers', () => {
  it('writes Kazakh dates from the catalogs, not "2025 M09 15"', () => {
    expect(kk.dateTime(instant)).toBe(`2025${nb}ж.${nb}15${nb}қыркүйек, 14:05${nb}(UTC+5)`)
    expect(kk.date(instant)).toBe(`2025${nb}ж.${nb}15${nb}қыркүйек`)
    expect(kk.time(instant)).toBe('14:05')
    expect(kk.zone(instant)).toBe('UTC+5')
    expect(kk.dayKey('2025-09-15T19:30:00Z')).toBe('2025-09-16')
  })

  it('writes Russian dates with the month in the genitive and the year mark', () => {
    expect(ru.dateTime(instant)).toBe(`15${nb}сентября${nb}2025${nb}г., 12:05${nb}(UTC+3)`)
    expect(ru.date('2026-03-01T00:00:00Z')).toBe(`1${nb}марта${nb}2026${nb}г.`)
  })

  it('never leaves «г.» or «ж.» apart from the year, or a day apart from its month, at a line end', () => {
    // The backup screen broke «6 декабря 2026 / г., 19:44» at 1024 and at 1920 px.
    for (const text of [
      ru.dateTime(instant),
      kk.dateTime(instant),
      ru.date(instant),
      kk.date(instant)
    ]) {
      expect(text).not.toMatch(/\d \p{L}/u)
    }
  })

  it('follows daylight saving in the zone it shows', () => {
    expect(en.dateTime(instant)).toBe(`September${nb}15,${nb}2025, 05:05${nb}(UTC-4)`)
    expect(en.zone('2026-01-15T12:00:00Z')).toBe('UTC-5')
  })

  it('keeps UTC to the second for the lawyer', () => {
    expect(kk.utc('2025-09-15T09:05:07.123Z')).toBe('2025-09-15 09:05:07 UTC')
  })

  it('writes numbers with a decimal comma and no-break thousands in ru and kk', () => {
    expect(kk.number(1234567.5, 1)).toBe('1\u00a0234\u00a0567,5')
    expect(ru.number(-1234)).toBe('-1\u00a0234')
    expect(en.number(1234567.25, 2)).toBe('1,234,567.25')
    expect(kk.bytes(1536)).toBe('1,5 КБ')
    expect(ru.bytes(5 * 1024 * 1024)).toBe('5 МБ')
    expect(en.bytes(773)).toBe('773 bytes')
  })

  it('writes spans and relative times without Intl’s generic fallbacks ("-3 d")', () => {
    expect(kk.duration(3900)).toBe('1 сағ 5 мин')
    expect(ru.duration(3 * 86_400 + 7200)).toBe('3 дн. 2 ч')
    expect(en.duration(0)).toBe('0 s')
    expect(en.duration(86_400 + 5)).toBe('1 d')
    const now = new Date('2025-09-18T09:05:00Z')
    expect(kk.relative(instant, now)).toBe('3 күн бұрын')
    expect(ru.relative(instant, now)).toBe('3 дн. назад')
    expect(ru.relative('2025-09-18T09:10:00Z', now)).toBe('через 5 мин')
    expect(en.relative('2025-09-18T09:04:50Z', now)).toBe('just now')
  })

  it('turns wall-clock parts in the zone into the instant and back', () => {
    const iso = kk.fromParts({ year: 2026, month: 3, day: 1, hour: 7, minute: 0 })
    expect(iso).toBe('2026-03-01T02:00:00.000Z')
    expect(kk.parts(iso ?? '')).toEqual({ year: 2026, month: 3, day: 1, hour: 7, minute: 0 })
    expect(kk.fromParts({ year: 2026, month: 2, day: 31, hour: 7, minute: 0 })).toBeNull()
    expect(kk.fromParts({ year: 2026, month: 2, day: 1, hour: 24, minute: 0 })).toBeNull()
    // The hour after a spring-forward switch in New York exists once.
    expect(en.fromParts({ year: 2026, month: 3, day: 8, hour: 12, minute: 0 })).toBe(
      '2026-03-08T16:00:00.000Z'
    )
  })

  it('shows an unreadable date as it was given rather than "Invalid Date"', () => {
    expect(kk.dateTime('not a date')).toBe('not a date')
  })
})
