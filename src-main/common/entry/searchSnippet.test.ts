import { describe, expect, it } from 'vitest'
import { MATCH_END, MATCH_START, searchSnippet } from './searchSnippet'

const mark = (word: string) => `${MATCH_START}${word}${MATCH_END}`

describe('searchSnippet', () => {
  it('marks every word that starts with a typed word, in any letter case', () => {
    expect(searchSnippet(['', 'Полиция ноутбукты алып кетті', ''], 'НОУТ')).toBe(
      `Полиция ${mark('ноутбукты')} алып кетті`
    )
  })

  it('cuts long text around the match, with … where it was cut', () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`)
    words[20] = 'обыск'
    const snippet = searchSnippet([words.join(' ')], 'обыск', 12)
    expect(snippet).toBe(`…w14 w15 w16 w17 w18 w19 ${mark('обыск')} w21 w22 w23 w24 w25…`)
    // At the very end: the last words, cut only in front.
    expect(searchSnippet(['a b c d обыск'], 'обыск', 3)).toBe(`…c d ${mark('обыск')}`)
  })

  it('prefers the column showing more of the typed words', () => {
    expect(searchSnippet(['обыск', 'обыск в редакции'], 'обыск редак')).toBe(
      `${mark('обыск')} в ${mark('редакции')}`
    )
  })

  it('finds Latin words without their accents, as the index does, and ё typed as е', () => {
    expect(searchSnippet(['Café naïve'], 'cafe naive')).toBe(`${mark('Café')} ${mark('naïve')}`)
    expect(searchSnippet(['Жёсткий допрос'], 'жест')).toBe(`${mark('Жёсткий')} допрос`)
    // The entry quoted as written, whichever letter was typed.
    expect(searchSnippet(['Сотрудник ответил жёстко: «Всё удалите»'], 'жестко все')).toBe(
      `Сотрудник ответил ${mark('жёстко')}: «${mark('Всё')} удалите»`
    )
  })

  it('keeps the text as written between the words, punctuation and line breaks included', () => {
    expect(searchSnippet(['ДДоС-атака, «Азаттық»\nсайт'], 'азат')).toBe(
      `ДДоС-атака, «${mark('Азаттық')}»\nсайт`
    )
  })
})
