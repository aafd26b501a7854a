import { hash } from 'node:crypto'

/**
 * SHA-256 of `data`, 32 bytes raw, on OpenSSL's one-shot digest. Asked for as a Buffer, Node
 * makes the digest a Buffer with a backing store of its own: 0.67 µs for an 88-byte input
 * here, against 0.27 µs for the same digest as a latin1 ('binary') string (one character per byte) and
 * 0.06 µs to copy that into an array. Verification hashes twice per entry.
 */
export function sha256Digest(data: Uint8Array): Uint8Array {
  // 'binary' is Node's name for latin1: each byte one character, 0–255.
  const digest = hash('sha256', data, 'binary')
  const bytes = new Uint8Array(32)
  for (let i = 0; i < 32; i++) bytes[i] = digest.charCodeAt(i)
  return bytes
}
