import { describe, expect, it } from 'vitest'
import { parseStatedTime, statedTimeProblem } from './statedTime'

const now = new Date('2026-03-02T12:00:00Z')
/** Almaty: UTC+5 all year. */
const almaty = () => 300

describe('parseStatedTime', () => {
  it('keeps a date, and a time with its offset, as typed', () => {
    expect(parseStatedTime('2025-12-01', now, almaty)).toEqual({
      ok: true,
      value: '2025-12-01',
      zoneAssumed: false
    })
    expect(parseStatedTime('2025-12-01T10:00+05:00', now, almaty)).toMatchObject({
      value: '2025-12-01T10:00+05:00',
      zoneAssumed: false
    })
    expect(parseStatedTime('2025-12-01T10:00:30Z', now, almaty)).toMatchObject({
      value: '2025-12-01T10:00:30Z'
    })
    expect(parseStatedTime('2025-12-01T10:00+0500', now, almaty)).toMatchObject({
      value: '2025-12-01T10:00+05:00'
    })
  })

  it('reads a time without an offset in the local zone and stores that offset', () => {
    expect(parseStatedTime('2025-12-01 10:00', now, almaty)).toEqual({
      ok: true,
      value: '2025-12-01T10:00+05:00',
      zoneAssumed: true
    })
    expect(parseStatedTime('2025-12-01T10:00', now, () => -210)).toMatchObject({
      value: '2025-12-01T10:00-03:30'
    })
  })

  it('accepts the day-first dotted form used in Kazakhstan', () => {
    expect(parseStatedTime('01.12.2025 10:00', now, almaty)).toMatchObject({
      value: '2025-12-01T10:00+05:00',
      zoneAssumed: true
    })
    expect(parseStatedTime('01.12.2025', now, almaty)).toMatchObject({ value: '2025-12-01' })
    expect(parseStatedTime('1.3.2026 9:05', now, almaty)).toMatchObject({
      value: '2026-03-01T09:05+05:00'
    })
  })

  it('refuses impossible dates and times', () => {
    for (const text of ['2026-02-30', '2025-02-29', '31.04.2026', '2026-03-01 24:00', '2026-13-01'])
      expect(parseStatedTime(text, now, almaty), text).toEqual({ ok: false, problem: 'impossible' })
    expect(parseStatedTime('2024-02-29', now, almaty).ok).toBe(true)
  })

  it('refuses year 0000 and anything before 1900', () => {
    expect(parseStatedTime('0000-01-01', now, almaty)).toEqual({ ok: false, problem: 'early' })
    expect(parseStatedTime('1899-12-31', now, almaty)).toEqual({ ok: false, problem: 'early' })
  })

  it('refuses a time later than the recording, with a 10-minute allowance for clocks', () => {
    expect(parseStatedTime('2026-03-02T12:09Z', now, almaty).ok).toBe(true)
    expect(parseStatedTime('2026-03-02T12:11Z', now, almaty)).toEqual({
      ok: false,
      problem: 'future'
    })
    expect(parseStatedTime('2099-01-01', now, almaty)).toEqual({ ok: false, problem: 'future' })
    // Today's date is fine in every zone; tomorrow's is not, even in UTC+14.
    expect(parseStatedTime('2026-03-02', now, almaty).ok).toBe(true)
    expect(parseStatedTime('2026-03-04', now, almaty).ok).toBe(false)
  })

  it('refuses what it cannot read', () => {
    for (const text of ['вчера', '2026/03/01', '03-01-2026', '2026-03-01T10', ''])
      expect(parseStatedTime(text, now, almaty), text).toEqual({ ok: false, problem: 'format' })
  })
})

describe('statedTimeProblem', () => {
  it('checks what the app sends: ISO times, real, not too early, not in the future', () => {
    expect(statedTimeProblem('2026-03-01T07:00:00.000Z', now)).toBeNull()
    expect(statedTimeProblem('2026-02-30', now)).toBe('impossible')
    expect(statedTimeProblem('0000-01-01', now)).toBe('early')
    expect(statedTimeProblem('2030-01-01T00:00:00Z', now)).toBe('future')
    expect(statedTimeProblem('01.03.2026', now)).toBe('format')
    expect(statedTimeProblem('2030-01-01T00:00:00Z')).toBeNull()
  })
})
