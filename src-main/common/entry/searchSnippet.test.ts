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

  it('cuts the same snippets as the first version, which folded every word of every column', () => {
    // The words of the cases: ё and Ё, Kazakh letters, Latin with accents, digits, and the
    // prefixes typed of them.
    const vocabulary = [
      'Жёсткий',
      'жесткий',
      'обыск',
      'Обыски',
      'редакция',
      'редакции',
      'тергеуші',
      'Тінту',
      'ноутбук',
      'Café',
      'naïve',
      'evidence',
      'Evidently',
      'DDoS',
      '2026',
      'Всё',
      'все',
      'ЁЛКА'
    ]
    const glue = [' ', ', ', ' — ', '\n', ': «', '» ', '. ']
    let x = 0x5eed
    const next = (n: number): number => {
      x ^= x << 13
      x ^= x >>> 17
      x ^= x << 5
      return (x >>> 0) % n
    }
    const pick = <T>(list: readonly T[]): T => list[next(list.length)] as T
    const textOf = (words: number): string =>
      Array.from({ length: words }, () => pick(vocabulary) + pick(glue)).join('')
    for (let n = 0; n < 400; n++) {
      const columns = [next(3) === 0 ? '' : textOf(next(6)), textOf(next(60)), textOf(next(8))]
      const typed = Array.from({ length: next(4) }, () => {
        const word = pick(vocabulary)
        return word.slice(0, 1 + next(word.length))
      }).join(pick([' ', ' ', ', ']))
      const size = pick([3, 12])
      expect(searchSnippet(columns, typed, size), JSON.stringify({ columns, typed, size })).toBe(
        firstSearchSnippet(columns, typed, size)
      )
    }
  })
})

/**
 * searchSnippet as it was first written (before it folded only the words it looks at and
 * stopped at a fragment showing every typed word), the reference for the test above.
 */
function firstSearchSnippet(columns: readonly string[], typed: string, size: number): string {
  const TOKEN = /[\p{L}\p{N}\p{M}]+/gu
  const fold = (word: string): string => {
    const folded = word.replace(/ё/g, 'е').replace(/Ё/g, 'Е').toLowerCase()
    return /[\u00c0-\u024f\u1e00-\u1eff]|\p{M}/u.test(folded)
      ? folded
          .normalize('NFD')
          .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
          .normalize('NFC')
      : folded
  }
  const words = (typed.normalize('NFC').match(TOKEN) ?? []).map(fold)
  let best = { text: '', score: -1 }
  for (const text of columns) {
    if (text === '') continue
    const tokens = [...text.matchAll(TOKEN)].map((m) => ({
      start: m.index,
      end: m.index + m[0].length,
      hits: words.flatMap((word, i) => (fold(m[0]).startsWith(word) ? [i] : []))
    }))
    let chosen = { start: 0, score: 0 }
    tokens.forEach((token, p) => {
      if (token.hits.length === 0) return
      const start = Math.max(0, Math.min(p - Math.floor(size / 2), tokens.length - size))
      const shown = new Set(tokens.slice(start, start + size).flatMap((t) => t.hits))
      if (shown.size > chosen.score) chosen = { start, score: shown.size }
    })
    const shown = tokens.slice(chosen.start, chosen.start + size)
    const first = shown[0]
    const last = shown.at(-1)
    if (first === undefined || last === undefined) {
      if (best.score < 0) best = { text: '', score: 0 }
      continue
    }
    let out = chosen.start > 0 ? '…' : ''
    let at = chosen.start > 0 ? first.start : 0
    for (const token of shown) {
      out += text.slice(at, token.start)
      const word = text.slice(token.start, token.end)
      out += token.hits.length > 0 ? `${MATCH_START}${word}${MATCH_END}` : word
      at = token.end
    }
    const cut = chosen.start + size < tokens.length
    const fragment = { text: out + (cut ? '…' : text.slice(last.end)), score: chosen.score }
    if (fragment.score > best.score) best = fragment
  }
  return best.text
}
