import { describe, expect, it } from 'vitest'
import { aroundFirstMatch } from './Highlighted'

const mark = (word: string) => `\u0002${word}\u0003`

describe('a search snippet in a timeline row', () => {
  it('starts a few words before the first match, so the match is on screen', () => {
    const text = `…Бүгін таңертең полиция қызметкерлері редакцияға тінту жүргізді; ${mark('әріптестеріміздің')} ноутбуктері`
    expect(aroundFirstMatch(text)).toBe(`…тінту жүргізді; ${mark('әріптестеріміздің')} ноутбуктері`)
  })

  it('leaves a snippet whose match is near its start as it is', () => {
    const text = `Обыск в ${mark('редакции')} «Далел»`
    expect(aroundFirstMatch(text)).toBe(text)
    expect(aroundFirstMatch('без совпадений')).toBe('без совпадений')
  })
})
