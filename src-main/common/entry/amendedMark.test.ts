import { describe, expect, it } from 'vitest'
import { translate } from '../i18n/translate'
import type { Locale, MessageKey, MessageParams } from '../i18n/translate'
import { amendedMark } from './amendedMark'

const tIn = (locale: Locale) => (key: MessageKey, params?: MessageParams) =>
  translate(locale, key, params)

describe('the "as amended" mark', () => {
  it('reads "as amended by №N (reason)" in every language, as issue 12 asks', () => {
    expect(amendedMark(tIn('en'), 3, 'time per the record')).toBe(
      'as amended by #3 (time per the record)'
    )
    expect(amendedMark(tIn('ru'), 3, 'время по протоколу')).toBe(
      'с поправкой №3 (время по протоколу)'
    )
    expect(amendedMark(tIn('kk'), 3, 'хаттама бойынша')).toBe('№3 түзетуімен (хаттама бойынша)')
  })

  it('never prints empty brackets for an empty or blank reason', () => {
    expect(amendedMark(tIn('ru'), 4, '')).toBe('с поправкой №4')
    expect(amendedMark(tIn('kk'), 4, '  \n ')).toBe('№4 түзетуімен')
    expect(amendedMark(tIn('en'), 4, '()')).toBe('as amended by #4')
  })

  it('keeps brackets inside the reason but not a pair around all of it', () => {
    expect(amendedMark(tIn('ru'), 5, '(опечатка)')).toBe('с поправкой №5 (опечатка)')
    expect(amendedMark(tIn('ru'), 5, 'адрес (см. протокол) уточнён')).toBe(
      'с поправкой №5 (адрес (см. протокол) уточнён)'
    )
    // two separate bracketed parts are not one pair around the whole reason
    expect(amendedMark(tIn('en'), 5, '(a) and (b)')).toBe('as amended by #5 ((a) and (b))')
  })

  it('puts a reason written on several lines on one line', () => {
    expect(amendedMark(tIn('en'), 6, 'name\nfrom the\t record')).toBe(
      'as amended by #6 (name from the record)'
    )
  })
})
