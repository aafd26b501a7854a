import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { sha256Digest } from './sha256Digest'

describe('sha256Digest', () => {
  it('is SHA-256, every byte of the digest kept through the string it comes as (0x80–0xff too)', () => {
    // 'abc' from FIPS 180-2, then random inputs around the block size and larger.
    expect(Buffer.from(sha256Digest(Buffer.from('abc'))).toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    )
    let highBytes = 0
    for (const size of [0, 1, 55, 56, 63, 64, 65, 88, 1300, 100_000]) {
      for (let round = 0; round < 20; round++) {
        const data = randomBytes(size)
        const digest = sha256Digest(data)
        expect(digest).toBeInstanceOf(Uint8Array)
        expect(Buffer.from(digest)).toEqual(createHash('sha256').update(data).digest())
        highBytes += digest.filter((b) => b >= 0x80).length
      }
    }
    expect(highBytes).toBeGreaterThan(0)
  })
})
