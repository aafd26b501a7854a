import { describe, expect, it } from 'vitest'
import { canonicalJson } from './canonicalJson'

describe('canonicalJson (RFC 8785)', () => {
  it('matches the example of RFC 8785 §3.2.2', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}'
    ) as unknown
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    )
  })

  it('sorts members by UTF-16 code units as in RFC 8785 §3.2.3', () => {
    const input = JSON.parse(
      '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}'
    ) as Record<string, string>
    // Object.values would reorder integer-like keys, so the order is read from the text.
    const text = canonicalJson(input)
    const positions = [
      'Carriage Return',
      'One',
      'Control',
      'Latin Small',
      'Euro Sign',
      'Emoji',
      'Hebrew'
    ].map((label) => text.indexOf(label))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
  })

  it('serialises numbers as ECMAScript does (RFC 8785 Appendix B)', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [-0, '0'],
      [1e21, '1e+21'],
      [1e-7, '1e-7'],
      [9007199254740992, '9007199254740992'],
      [0.000001, '0.000001'],
      [1e23, '1e+23'],
      [-1.5, '-1.5'],
      [5e-324, '5e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308']
    ]
    for (const [value, expected] of cases) expect(canonicalJson(value)).toBe(expected)
  })

  it('keeps Cyrillic and Kazakh text as UTF-8, unescaped', () => {
    expect(canonicalJson({ title: 'Қазақстан: обыск' })).toBe('{"title":"Қазақстан: обыск"}')
  })

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow()
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow()
    expect(() => canonicalJson({ f: () => 1 })).toThrow()
  })

  it('leaves out undefined members, as JSON.stringify does', () => {
    expect(canonicalJson({ b: 1, a: undefined })).toBe('{"b":1}')
  })
})
