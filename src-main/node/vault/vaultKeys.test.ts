import { describe, expect, it } from 'vitest'
import { loadSodium } from '../crypto/loadSodium'
import { deriveVaultKeys, wipeVaultKeys } from './vaultKeys'

describe('vault keys', () => {
  it('derives distinct subkeys per purpose, and the same ones from the same master key', async () => {
    const sodium = await loadSodium()
    const master = new Uint8Array(32).fill(42)
    const a = deriveVaultKeys(sodium, master)
    const b = deriveVaultKeys(sodium, master)
    const hexes = [a.snapshot, a.journal, a.blobs, a.blobNames, a.signingPublicKey].map((k) =>
      Buffer.from(k).toString('hex')
    )
    expect(new Set(hexes).size).toBe(5)
    expect(Buffer.from(b.journal).equals(Buffer.from(a.journal))).toBe(true)
    expect(Buffer.from(b.signingPublicKey).equals(Buffer.from(a.signingPublicKey))).toBe(true)
  })

  it('wipes every secret key to zeros on lock', async () => {
    const sodium = await loadSodium()
    const keys = deriveVaultKeys(sodium, sodium.randombytes_buf(32))
    const secrets = [keys.snapshot, keys.journal, keys.blobs, keys.blobNames, keys.signingSecretKey]
    expect(secrets.every((k) => k.some((byte) => byte !== 0))).toBe(true)
    wipeVaultKeys(sodium, keys)
    expect(secrets.every((k) => k.every((byte) => byte === 0))).toBe(true)
  })
})
