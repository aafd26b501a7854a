import { randomFillSync } from 'node:crypto'

/** Bytes drawn from the OS per refill: one call covers ~50 appends (each takes 72). */
const POOL_BYTES = 4096

const pool = new Uint8Array(POOL_BYTES)
let used = POOL_BYTES

/**
 * `length` bytes from the operating system's CSPRNG through OpenSSL (node:crypto), in a
 * buffer of their own. libsodium's randombytes_buf in its wasm build asks Node for four bytes
 * per call to getRandomValues, which made it ~150 µs of every append; each randomFillSync
 * call still costs ~5 µs, so small requests are served from a pool filled in one call. Bytes
 * handed out are erased from the pool at once, so none is given twice or left behind; the
 * result never shares memory with anything else, so wiping it wipes nothing else.
 */
export function secureRandom(length: number): Uint8Array {
  if (length > POOL_BYTES / 8) return randomFillSync(new Uint8Array(length))
  if (used + length > POOL_BYTES) {
    randomFillSync(pool)
    used = 0
  }
  const out = pool.slice(used, used + length)
  pool.fill(0, used, used + length)
  used += length
  return out
}
