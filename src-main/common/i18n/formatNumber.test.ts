import { describe, expect, it } from 'vitest'
import { megabytes } from '../../cli/megabytes'
import { formatMessage } from './formatMessage'
import { formatNumber } from './formatNumber'
import { translate } from './translate'

const NBSP = '\u00a0'

describe('formatNumber', () => {
  it('writes a decimal comma and no-break-space thousands in Kazakh and Russian, as written there', () => {
    expect(formatNumber('kk', 0.6, 1)).toBe('0,6')
    expect(formatNumber('kk', 1_234_567.5, 1)).toBe(`1${NBSP}234${NBSP}567,5`)
    expect(formatNumber('ru', 0.625, 2)).toBe('0,63')
    expect(formatNumber('ru', -1234)).toBe(`-1${NBSP}234`)
    expect(formatNumber('en', 1_234_567.25, 2)).toBe('1,234,567.25')
    expect(formatNumber('en', 0.6, 1)).toBe('0.6')
  })

  it('drops trailing zeros and never shows "-0"', () => {
    expect(formatNumber('ru', 2.04, 1)).toBe('2')
    expect(formatNumber('kk', -0.04, 1)).toBe('0')
    expect(formatNumber('kk', 10, 1)).toBe('10')
  })

  it('agrees with Node’s full ICU, which has Kazakh data (Chromium’s has none)', () => {
    for (const locale of ['ru', 'kk', 'en'])
      for (const value of [0.6, 12.5, 1234.5, 98_765_432.1]) {
        const icu = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)
        expect(formatNumber(locale, value, 1), `${locale} ${value}`).toBe(icu)
      }
  })
})

describe('numbers inside messages', () => {
  it('gives a fraction passed as a number the language’s decimal separator, a whole number none of its grouping', () => {
    expect(formatMessage('ru', '{seconds} с', { seconds: 2.5 })).toBe('2,5 с')
    expect(formatMessage('kk', '{seconds} с', { seconds: 2.5 })).toBe('2,5 с')
    expect(formatMessage('en', '{seconds} s', { seconds: 2.5 })).toBe('2.5 s')
    expect(formatMessage('ru', '№{seq}', { seq: 12345 })).toBe('№12345')
    // A plural still branches on the number itself.
    expect(
      formatMessage(
        'ru',
        '{n, plural, one {# файл} few {# файла} many {# файлов} other {# файла}}',
        {
          n: 1.5
        }
      )
    ).toBe('1,5 файла')
  })

  it('says megabytes with a decimal comma in the CLI’s Russian and Kazakh lines', () => {
    expect(megabytes('ru', 600_000)).toBe('0,6')
    expect(megabytes('kk', 1_250_000)).toBe('1,3')
    expect(megabytes('en', 600_000)).toBe('0.6')
    expect(megabytes('kk', 12_345_678_900)).toBe(`12${NBSP}346`)
    const line = (locale: 'ru' | 'kk') =>
      translate(locale, 'cli.export.progress', {
        percent: 50,
        done: megabytes(locale, 600_000),
        total: megabytes(locale, 1_200_000)
      })
    expect(line('ru')).toContain('0,6 из 1,2 МБ')
    expect(line('kk')).toContain('0,6')
    expect(line('kk')).not.toMatch(/\d\.\d/)
  })
})
