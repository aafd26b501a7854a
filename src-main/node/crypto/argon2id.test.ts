import { describe, expect, it } from 'vitest'
import { toHex } from '../../common/encoding/hex'
import { argon2id } from './argon2id'
import { loadSodium } from './loadSodium'

describe('argon2id', () => {
  it("derives the reference implementation's answer on its worker thread, and wipes nothing of the caller's", async () => {
    const sodium = await loadSodium()
    // The same vector as knownAnswers.test.ts (argon2 -id -t 2 -m 16 -p 1 -l 32).
    const password = new TextEncoder().encode('password')
    const key = await argon2id(sodium, {
      password,
      salt: new TextEncoder().encode('somesaltsomesalt'),
      opslimit: 2,
      memlimit: 64 * 1024 * 1024,
      outputBytes: 32
    })
    expect(toHex(key)).toBe('fc33b78139231d34b71626bd6245c1d72efa190ad605c3d8166a72adcedfa2c2')
    // The worker got a copy; wiping the password stays the caller's to do.
    expect(new TextDecoder().decode(password)).toBe('password')
  })

  it("gives back the worker's memory: the process does not keep Argon2id's 64 MiB", async () => {
    const sodium = await loadSodium()
    const before = process.memoryUsage().rss
    await argon2id(sodium, {
      password: new Uint8Array([1, 2, 3]),
      salt: new Uint8Array(16),
      opslimit: 2,
      memlimit: 64 * 1024 * 1024,
      outputBytes: 32
    })
    expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024)
  })
})
