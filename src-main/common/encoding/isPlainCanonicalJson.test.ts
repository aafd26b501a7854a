import { describe, expect, it } from 'vitest'
import { canonicalJson } from './canonicalJson'
import { isPlainCanonicalJson } from './isPlainCanonicalJson'

const utf8 = (text: string) => new TextEncoder().encode(text)

describe('isPlainCanonicalJson', () => {
  it('accepts what canonicalJson writes', () => {
    const values: unknown[] = [
      {
        seq: 1,
        kind: 'note',
        title: 'Обыск «в редакции» — ұстау',
        payload: { body: 'a\nb\t"c"\\ \u0001\u001f' }
      },
      { a: [1, -2.5, 1e21, 1e-7, 0, true, false, null, [], {}], b: { '': 'empty key first' } },
      { emoji: 'дәлел 🙂', z: [{ y: 1, x: 2 }] }
    ]
    for (const value of values) {
      const text = canonicalJson(value)
      expect(isPlainCanonicalJson(utf8(text)), text).toBe(true)
    }
  })

  it('rejects whitespace, keys out of order or twice, other escapes and other numbers', () => {
    for (const text of [
      '{"a": 1}',
      '{"a":1 }',
      ' {"a":1}',
      '{"b":1,"a":2}',
      '{"a":1,"a":1}',
      '{"a":{"y":1,"x":2}}',
      '{"a":"\\/"}',
      '{"a":"\\u0041"}',
      '{"a":"\\u000a"}',
      '{"a":"\\u001F"}',
      '{"a":"\\u0430"}',
      '{"a":1.0}',
      '{"a":1E+21}',
      '{"a":-0}',
      '{"a":01}',
      '{"a":1e5}',
      '{"a":"\\u00"}'
    ])
      expect(isPlainCanonicalJson(utf8(text)), text).toBe(false)
  })

  it('leaves keys with escapes or letters beyond ASCII to the full comparison', () => {
    expect(isPlainCanonicalJson(utf8(canonicalJson({ ключ: 1 })))).toBe(false)
    expect(isPlainCanonicalJson(utf8(canonicalJson({ 'a"b': 1 })))).toBe(false)
    // Values may hold anything.
    expect(isPlainCanonicalJson(utf8(canonicalJson({ a: { b: 'ключ' } })))).toBe(true)
  })
})
