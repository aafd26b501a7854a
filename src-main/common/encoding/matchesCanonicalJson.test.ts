import { describe, expect, it } from 'vitest'
import { canonicalJson } from './canonicalJson'
import { matchesCanonicalJson } from './matchesCanonicalJson'

/** What verification used to ask, the slow way: the reference the fast path must agree with. */
function reference(text: string): boolean {
  return canonicalJson(JSON.parse(text)) === text
}

const TEXTS = [
  // canonical
  '{"a":1,"b":[1,2,{"c":"д","d":null}],"e":true}',
  '{"1":"one","10":"ten","9":"nine","b":false}',
  '{"\\r":"cr","1":"one","\\u0080":"ctl","ö":"o","€":"euro","😀":"emoji","דּ":"dalet"}',
  '{"n":[333333333.3333333,1e+30,4.5,0.002,1e-27,0]}',
  '{"s":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
  '[]',
  '"text"',
  // not canonical
  '{"b":1,"a":2}',
  '{"a":{"y":1,"x":2}}',
  '{"a": 1}',
  '{"a":1.0}',
  '{"a":"\\u0041"}',
  '{"a":1,"a":2}',
  '{"9":"nine","10":"ten"}',
  '{"a":[{"d":1,"c":2}]}',
  '{"s":"\\/"}'
]

describe('matchesCanonicalJson', () => {
  it.each(TEXTS)('agrees with comparing canonicalJson for %s', (text) => {
    expect(matchesCanonicalJson(text, JSON.parse(text))).toBe(reference(text))
  })

  it('accepts canonical text whose integer-like keys JavaScript reorders', () => {
    const text = '{"10":"ten","9":"nine"}'
    expect(reference(text)).toBe(true)
    expect(matchesCanonicalJson(text, JSON.parse(text))).toBe(true)
  })

  it('refuses text whose only fault is the order of keys deep inside', () => {
    expect(matchesCanonicalJson('{"a":{"b":{"d":1,"c":2}}}', { a: { b: { d: 1, c: 2 } } })).toBe(
      false
    )
  })
})
