import { describe, expect, it } from 'vitest'
import { foldForSearch } from '../../common/entry/foldForSearch'
import { restoreSnippet } from './restoreSnippet'

const MARKS = ['[', ']']
const restore = (snippet: string, originals: readonly string[]) =>
  restoreSnippet(snippet, originals, MARKS, '…')

describe('foldForSearch', () => {
  it('writes ё as е and Ё as Е, keeping the length and every other letter', () => {
    expect(foldForSearch('Ёлка, жёсткий, ЖЁСТКИЙ, тінту')).toBe('Елка, жесткий, ЖЕСТКИЙ, тінту')
    const text = 'ёЁ әғқңөұүһі'
    expect(foldForSearch(text)).toHaveLength(text.length)
    expect(Buffer.byteLength(foldForSearch(text))).toBe(Buffer.byteLength(text))
  })
})

describe('restoreSnippet', () => {
  it('puts back the ё the index folded, the marks where snippet() put them', () => {
    const body = 'Начало. Сотрудник ответил жёстко: «Всё удалите». Конец.'
    expect(restore('…ответил [жестко]: «[Все] удалите»…', ['Звонок', body, ''])).toBe(
      '…ответил [жёстко]: «[Всё] удалите»…'
    )
  })

  it('finds each piece of a snippet cut in several places on its own, in whichever text holds it', () => {
    const title = 'Ёлка'
    const body = `${'слово '.repeat(40)}жёсткий ответ ${'другое '.repeat(40)}всё равно`
    expect(restore('[Елка]', [title, body])).toBe('[Ёлка]')
    expect(restore('…[жесткий] ответ…[все] равно', [title, body])).toBe(
      '…[жёсткий] ответ…[всё] равно'
    )
  })

  it('leaves a snippet alone when the entry has no ё, or the piece is not in its text', () => {
    expect(restore('[жесткий] ответ', ['жесткий ответ'])).toBe('[жесткий] ответ')
    expect(restore('[жесткий] ответ', ['совсем другое, всё'])).toBe('[жесткий] ответ')
  })
})
