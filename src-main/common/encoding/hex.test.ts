import { describe, expect, it } from 'vitest'
import { fromHex, isHexOf, toHex } from './hex'

describe('hex', () => {
  it('round-trips every byte value, lowercase', () => {
    const all = Uint8Array.from({ length: 256 }, (_, b) => b)
    const hex = toHex(all)
    expect(hex).toBe(Buffer.from(all).toString('hex'))
    expect(fromHex(hex)).toEqual(all)
    expect(fromHex(hex.toUpperCase())).toEqual(all)
    expect(toHex(new Uint8Array(0))).toBe('')
    expect(fromHex('')).toEqual(new Uint8Array(0))
  })

  it('refuses odd lengths and anything that is not a hex digit', () => {
    for (const bad of ['a', 'abc', 'zz', 'g0', '0g', ' 0', '0x', 'аа', '١٢', '0\u0000'])
      expect(() => fromHex(bad), bad).toThrow('invalid hex')
  })

  it('checks lowercase hex of an exact length', () => {
    expect(isHexOf('ab'.repeat(32), 32)).toBe(true)
    expect(isHexOf('AB'.repeat(32), 32)).toBe(false)
    expect(isHexOf('ab'.repeat(31), 32)).toBe(false)
    expect(isHexOf(42, 1)).toBe(false)
  })
})
