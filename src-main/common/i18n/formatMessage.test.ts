import { IntlMessageFormat } from 'intl-messageformat'
import { describe, expect, it } from 'vitest'
import { formatMessage } from './formatMessage'
import { LOCALES, catalogFor, translate } from './translate'

interface AstNode {
  type: number
  value?: unknown
  options?: Record<string, { value: AstNode[] }>
  children?: AstNode[]
}

/** The ICU argument names a message uses, plural and select arguments included. */
function argumentNames(nodes: readonly AstNode[], names = new Set<string>()): Set<string> {
  for (const node of nodes) {
    // 0 is literal text and 7 the "#" of a plural branch; every other kind names an argument.
    if (node.type !== 0 && node.type !== 7 && typeof node.value === 'string') names.add(node.value)
    for (const option of Object.values(node.options ?? {})) argumentNames(option.value, names)
    argumentNames(node.children ?? [], names)
  }
  return names
}

function parse(locale: string, text: string): AstNode[] {
  const ast: unknown = new IntlMessageFormat(text, locale, undefined, { ignoreTag: true }).getAst()
  return ast as AstNode[]
}

describe('formatMessage', () => {
  it('gives Russian its one, few and many forms: 1, 2, 5 and 21', () => {
    const bytes = (count: number) => translate('ru', 'cli.bytes', { count })
    expect([1, 2, 5, 21].map(bytes)).toEqual(['1 байт', '2 байта', '5 байт', '21 байт'])
    const restored = (entries: number) =>
      translate('ru', 'cli.restore.done', { entries, path: '/копия' })
    expect([1, 2, 5, 21].map(restored)).toEqual([
      'Восстановлена и проверена 1 запись в /копия.',
      'Восстановлено и проверено 2 записи в /копия.',
      'Восстановлено и проверено 5 записей в /копия.',
      'Восстановлена и проверена 21 запись в /копия.'
    ])
    const failed = (count: number) => translate('ru', 'verifyPage.verdict.fail', { count })
    expect([1, 2, 5, 21].map((n) => failed(n).split('.')[0])).toEqual([
      'ПРОВЕРКА НЕ ПРОЙДЕНА: 1 проблема',
      'ПРОВЕРКА НЕ ПРОЙДЕНА: 2 проблемы',
      'ПРОВЕРКА НЕ ПРОЙДЕНА: 5 проблем',
      'ПРОВЕРКА НЕ ПРОЙДЕНА: 21 проблема'
    ])
  })

  it('gives English one and other, and Kazakh its one noun form after any number', () => {
    expect(translate('en', 'cli.bytes', { count: 1 })).toBe('1 byte')
    expect(translate('en', 'cli.bytes', { count: 21 })).toBe('21 bytes')
    expect(translate('kk', 'cli.bytes', { count: 1 })).toBe('1 байт')
    expect(translate('kk', 'cli.bytes', { count: 5 })).toBe('5 байт')
    expect(formatMessage('kk', '{n, plural, one {бір} other {көп}}', { n: 1 })).toBe('бір')
    expect(formatMessage('kk', '{n, plural, one {бір} other {көп}}', { n: 2 })).toBe('көп')
  })

  it('prints numbers as they are, without a language’s digit grouping', () => {
    expect(translate('ru', 'cli.bytes', { count: 1_234_567 })).toBe('1234567 байт')
    expect(formatMessage('en', 'head #{seq}', { seq: 100_000 })).toBe('head #100000')
  })

  it('leaves a parameter the caller did not pass visible instead of throwing', () => {
    expect(formatMessage('en', 'Entry {seq} of {total}', { seq: 3 })).toBe('Entry 3 of {total}')
  })

  it('reads every catalog message as ICU, with the same arguments in every language', () => {
    const english = catalogFor('en')
    for (const locale of LOCALES) {
      for (const [key, text] of Object.entries(catalogFor(locale))) {
        const names = [...argumentNames(parse(locale, text))].sort()
        expect(names, `${locale} ${key}`).toEqual(
          [...argumentNames(parse('en', english[key] ?? ''))].sort()
        )
      }
    }
  })

  it('formats every message without plurals exactly as plain {name} substitution would', () => {
    // Guards the switch to ICU: apostrophes, "<seq>" and "#" stay literal text.
    for (const locale of LOCALES) {
      for (const [key, text] of Object.entries(catalogFor(locale))) {
        if (/\{\w+, *(plural|select)/.test(text)) continue
        const params: Record<string, string> = {}
        for (const match of text.matchAll(/\{(\w+)\}/g)) {
          const name = match[1] ?? ''
          params[name] = `‹${name}›`
        }
        const plain = text.replace(/\{(\w+)\}/g, (_, name: string) => `‹${name}›`)
        expect(formatMessage(locale, text, params), `${locale} ${key}`).toBe(plain)
      }
    }
  })
})
