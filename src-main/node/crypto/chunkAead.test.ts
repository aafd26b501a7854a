import { getCiphers, randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadSodium } from './loadSodium'
import { StreamFormatError, chunkAead, chunkAeadFor } from './streamCipher'

// Electron's Node is built on BoringSSL, whose createCipheriv knows no 'chacha20-poly1305':
// there every chunk goes through libsodium. Both must be the same RFC 8439 construction, or a
// vault sealed by the command line (Node) would not open in the app (Electron), and back.
const node = chunkAeadFor(['aes-256-gcm', 'chacha20-poly1305'])
const libsodium = chunkAeadFor(['aes-256-gcm', 'aes-128-gcm']) // BoringSSL's list has no ChaCha

describe('ChaCha20-Poly1305 per chunk, in Node and where BoringSSL lacks it', () => {
  beforeAll(async () => {
    await loadSodium()
  })

  it("uses Node's cipher in Node, libsodium's where the runtime does not list it", () => {
    expect(getCiphers()).toContain('chacha20-poly1305')
    expect(chunkAead.name).toBe('node')
    expect(node.name).toBe('node')
    expect(libsodium.name).toBe('libsodium')
  })

  it('seals byte for byte alike, and each opens what the other sealed', () => {
    for (const size of [0, 1, 63, 64, 65_535, 65_536]) {
      const key = randomBytes(32)
      const nonce = randomBytes(12)
      const aad = randomBytes(48)
      const plain = randomBytes(size)
      const a = node.seal(key, nonce, aad, plain)
      const b = libsodium.seal(key, nonce, aad, plain)
      expect(Buffer.compare(a.body, b.body), `body of ${size}`).toBe(0)
      expect(Buffer.compare(a.tag, b.tag), `tag of ${size}`).toBe(0)
      expect(a.tag).toHaveLength(16)
      expect(libsodium.open(key, nonce, aad, a.body, a.tag).equals(plain)).toBe(true)
      expect(node.open(key, nonce, aad, b.body, b.tag).equals(plain)).toBe(true)
    }
  })

  it('refuses a changed body, tag, additional data or nonce in either, as authentication', () => {
    const key = randomBytes(32)
    const nonce = randomBytes(12)
    const aad = randomBytes(48)
    const { body, tag } = node.seal(key, nonce, aad, randomBytes(1000))
    const flip = (bytes: Buffer, at: number) => {
      const copy = Buffer.from(bytes)
      copy[at] = (copy[at] ?? 0) ^ 1
      return copy
    }
    for (const aead of [node, libsodium]) {
      const cases: [string, () => Buffer][] = [
        ['body', () => aead.open(key, nonce, aad, flip(body, 500), tag)],
        ['tag', () => aead.open(key, nonce, aad, body, flip(tag, 15))],
        ['aad', () => aead.open(key, nonce, flip(aad, 0), body, tag)],
        ['nonce', () => aead.open(key, flip(nonce, 11), aad, body, tag)]
      ]
      for (const [what, open] of cases) {
        let error: unknown
        try {
          open()
        } catch (e) {
          error = e
        }
        expect(error, `${aead.name}: ${what}`).toBeInstanceOf(StreamFormatError)
        expect((error as StreamFormatError).reason).toBe('authentication')
      }
    }
  })
})
