import { describe, expect, it } from 'vitest'
import { fromHex, toHex } from '../../common/encoding/hex'
import { loadSodium } from './loadSodium'
import { nodeEvidenceCrypto } from './nodeEvidenceCrypto'

// RFC 8032 §7.1, TEST 1: the empty message.
const RFC8032_SECRET = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'
const RFC8032_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'
const RFC8032_SIGNATURE =
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'

describe('known answers', () => {
  it('signs RFC 8032 test 1 with libsodium and verifies it natively', async () => {
    const sodium = await loadSodium()
    const pair = sodium.crypto_sign_seed_keypair(fromHex(RFC8032_SECRET))
    expect(toHex(pair.publicKey)).toBe(RFC8032_PUBLIC)
    const signature = sodium.crypto_sign_detached(new Uint8Array(0), pair.privateKey)
    expect(toHex(signature)).toBe(RFC8032_SIGNATURE)
    const crypto = nodeEvidenceCrypto()
    expect(crypto.verify(signature, new Uint8Array(0), pair.publicKey)).toBe(true)
    const flipped = Uint8Array.from(signature)
    flipped[10] = (flipped[10] ?? 0) ^ 1
    expect(crypto.verify(flipped, new Uint8Array(0), pair.publicKey)).toBe(false)
    expect(crypto.verify(signature, new Uint8Array([0]), pair.publicKey)).toBe(false)
  })

  it('computes SHA-256 of FIPS 180-2 examples', () => {
    const crypto = nodeEvidenceCrypto()
    const sha = (text: string) => toHex(crypto.sha256(new TextEncoder().encode(text)))
    expect(sha('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(sha('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(sha('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'
    )
  })

  it('derives the Argon2id answer of the reference implementation', async () => {
    const sodium = await loadSodium()
    expect(typeof sodium.crypto_pwhash).toBe('function')
    // Expected value from the reference argon2 command line (Debian package argon2):
    // printf password | argon2 somesaltsomesalt -id -t 2 -m 16 -p 1 -l 32 -r
    const key = sodium.crypto_pwhash(
      32,
      'password',
      new TextEncoder().encode('somesaltsomesalt'),
      2,
      64 * 1024 * 1024,
      sodium.crypto_pwhash_ALG_ARGON2ID13
    )
    expect(toHex(key)).toBe('fc33b78139231d34b71626bd6245c1d72efa190ad605c3d8166a72adcedfa2c2')
  })
})
