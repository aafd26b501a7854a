import { describe, expect, it } from 'vitest'
import { secureRandom } from './secureRandom'

describe('secureRandom', () => {
  it('returns buffers of the requested length that share no memory', () => {
    const a = secureRandom(32)
    const b = secureRandom(32)
    expect(a).toHaveLength(32)
    expect(a.buffer).not.toBe(b.buffer)
    a.fill(0)
    expect(b.some((byte) => byte !== 0)).toBe(true)
  })

  it('never hands out the same bytes twice across pool refills', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 2000; i++) seen.add(Buffer.from(secureRandom(24)).toString('hex'))
    expect(seen.size).toBe(2000)
  })

  it('serves large requests directly', () => {
    expect(secureRandom(100_000)).toHaveLength(100_000)
  })
})
