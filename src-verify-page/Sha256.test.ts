import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { toHex } from '../src-main/common/encoding/hex'
import { Sha256, sha256 } from './Sha256'

const nodeSha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')

describe('Sha256 (the page’s own SHA-256)', () => {
  it('matches the FIPS 180-2 examples', () => {
    expect(toHex(sha256(new TextEncoder().encode('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    )
    expect(
      toHex(
        sha256(new TextEncoder().encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))
      )
    ).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1')
    expect(toHex(sha256(new Uint8Array(0)))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    )
  })

  it('agrees with node:crypto at every length around the block and padding boundaries', () => {
    for (let length = 0; length < 300; length++) {
      const data = randomBytes(length)
      expect(toHex(sha256(data)), `length ${length}`).toBe(nodeSha(data))
    }
  })

  it('gives the same digest however the input is split into updates', () => {
    const data = randomBytes(10_000)
    for (const step of [1, 7, 63, 64, 65, 1000, 4096]) {
      const hash = new Sha256()
      for (let i = 0; i < data.length; i += step) hash.update(data.subarray(i, i + step))
      expect(toHex(hash.digest()), `step ${step}`).toBe(nodeSha(data))
    }
  })

  it('hashes 64 MiB in one update as node:crypto does', () => {
    const data = randomBytes(64 * 1024 * 1024)
    expect(toHex(new Sha256().update(data).digest())).toBe(nodeSha(data))
  })

  it('refuses to be used after the digest', () => {
    const hash = new Sha256()
    hash.digest()
    expect(() => hash.update(new Uint8Array(1))).toThrow()
  })
})
