import { describe, expect, it } from 'vitest'
import { foldForSearch } from './foldForSearch'

describe('foldForSearch', () => {
  it('writes ё as е and Ё as Е, keeping the length and every other letter', () => {
    expect(foldForSearch('Ёлка, жёсткий, ЖЁСТКИЙ, тінту')).toBe('Елка, жесткий, ЖЕСТКИЙ, тінту')
    const text = 'ёЁ әғқңөұүһі'
    expect(foldForSearch(text)).toHaveLength(text.length)
    expect(Buffer.byteLength(foldForSearch(text))).toBe(Buffer.byteLength(text))
  })
})
