import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { chainHasher, chainHashOf } from './chain'

const sha256 = (data: Uint8Array): Uint8Array => createHash('sha256').update(data).digest()

describe('chainHasher', () => {
  it('gives chainHashOf for link after link, its one buffer rewritten each time', () => {
    const hasher = chainHasher(sha256)
    let previous: Uint8Array = new Uint8Array(32).fill(1)
    // Each seq's eight bytes, high and low words: the last two need more than 32 bits.
    for (const seq of [1, 2, 255, 256, 65_536, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1]) {
      const commitment = sha256(new TextEncoder().encode(`entry ${seq}`))
      const chain = hasher(previous, seq, commitment)
      expect(chain, `seq ${seq}`).toEqual(chainHashOf(sha256, previous, seq, commitment))
      previous = chain
    }
  })

  it('refuses a seq that is no uint64 (as chainHashOf does) and a hash of the wrong length', () => {
    const hasher = chainHasher(sha256)
    const hash = new Uint8Array(32)
    for (const seq of [-1, 1.5, 2 ** 53])
      expect(() => hasher(hash, seq, hash), `seq ${seq}`).toThrow(RangeError)
    expect(() => hasher(new Uint8Array(31), 1, hash)).toThrow(RangeError)
    expect(() => hasher(hash, 1, new Uint8Array(33))).toThrow(RangeError)
  })
})
