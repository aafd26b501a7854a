import { describe, expect, it } from 'vitest'
import { createLocalFormat } from './LocalFormat'
import { LOCALES, catalogFor, translate } from './translate'

// A date split over two lines reads as two values («28 февраля 2026 / г.», «February 28, /
// 2026»): in a contract, a report or a lawyer's printout that is a misreading waiting to
// happen. Every pattern that builds a date keeps its parts together with no-break spaces.
// One break is allowed: between the day and its clock, after the comma («6 декабря 2026 г.,
// / 23:15 (UTC+5)»). Unbreakable whole, a date-time wider than a narrow cell (a certificate's
// validity on the entry page at 1024) was broken by the browser inside the clock: «23 / :15».
const DATE_PLACEHOLDER = /\{(?:day|month|year|date)\}/

/** Each catalog string that lays out a date, with its ordinary spaces shown as "␣". */
function breakableDatePatterns(locale: (typeof LOCALES)[number]): string[] {
  return Object.entries(catalogFor(locale))
    .filter(([, text]) => DATE_PLACEHOLDER.test(text) && text.replace(', {time}', '').includes(' '))
    .map(([key, text]) => `${key}: ${text.replace(/ /g, '␣')}`)
}

describe('dates in every catalog', () => {
  it('finds the date patterns it checks (ui.date, ui.dateTime, ui.dateTimeZone)', () => {
    for (const locale of LOCALES) {
      const keys = Object.entries(catalogFor(locale))
        .filter(([, text]) => DATE_PLACEHOLDER.test(text))
        .map(([key]) => key)
      expect(keys, locale).toEqual(
        expect.arrayContaining(['ui.date', 'ui.dateTime', 'ui.dateTimeZone'])
      )
    }
  })

  it('holds no ordinary space inside a date pattern but the one before its clock (en, ru, kk)', () => {
    for (const locale of LOCALES) expect(breakableDatePatterns(locale), locale).toEqual([])
  })

  it('writes a date-time that breaks only between its day and its clock, whatever the month', () => {
    for (const locale of LOCALES) {
      const f = createLocalFormat(
        locale,
        (key, params) => translate(locale, key, params),
        'Asia/Aqtobe'
      )
      for (let month = 1; month <= 12; month++) {
        const iso = `2026-${String(month).padStart(2, '0')}-15T01:05:00Z`
        const [day, clock, ...more] = f.dateTime(iso).split(/\s(?<!\u00a0)/u)
        expect(more, `${locale} ${iso}`).toEqual([])
        expect(day, `${locale} ${iso}`).toBe(`${f.date(iso)},`)
        expect(clock, `${locale} ${iso}`).toBe(`${f.time(iso)}\u00a0(${f.zone(iso)})`)
      }
    }
  })
})
