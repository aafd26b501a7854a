// Where an attach's time can go, each step alone on the same file in the same run (issue 12
// item 16): reading it, hashing it, encrypting it, and writing it durably. No Dalel code;
// synchronous calls in 4 MiB blocks, as the vault reads and writes.
import { createCipheriv, createHash, randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, openSync, readSync, rmSync, writeSync } from 'node:fs'
import { MiB, nowMs } from './benchUtil'

const BLOCK = 4 * MiB
const CHUNK = 64 * 1024

export interface AttachLimits {
  /** read the file once, nothing else */
  readMs: number
  /** read + SHA-256 (node:crypto, one thread) */
  sha256Ms: number
  /** read + ChaCha20-Poly1305 of every 64 KiB chunk (node:crypto, one thread), not written */
  sealMs: number
  /** read + write a copy + fsync it: the disk's limit for a durable copy of these bytes */
  durableCopyMs: number
}

/** Calls `each` with every block of the file, in order. */
function eachBlock(path: string, each: (block: Buffer) => void): void {
  const buffer = Buffer.allocUnsafe(BLOCK)
  const fd = openSync(path, 'r')
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, BLOCK, null)
      if (n === 0) break
      each(buffer.subarray(0, n))
    }
  } finally {
    closeSync(fd)
  }
}

function timed(fn: () => void): number {
  const t = nowMs()
  fn()
  return nowMs() - t
}

/** Each step alone over `input`; `scratch` is where the durable copy goes (removed after). */
export function measureAttachLimits(input: string, scratch: string): AttachLimits {
  const readMs = timed(() => {
    eachBlock(input, () => undefined)
  })
  const sha256Ms = timed(() => {
    const hash = createHash('sha256')
    eachBlock(input, (block) => hash.update(block))
    hash.digest()
  })
  const key = randomBytes(32)
  const sealMs = timed(() => {
    let counter = 0
    eachBlock(input, (block) => {
      for (let at = 0; at < block.length; at += CHUNK) {
        const nonce = Buffer.alloc(12)
        nonce.writeUInt32BE(counter++, 7)
        const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 })
        cipher.update(block.subarray(at, at + CHUNK))
        cipher.final()
        cipher.getAuthTag()
      }
    })
  })
  const durableCopyMs = timed(() => {
    const out = openSync(scratch, 'w', 0o600)
    try {
      eachBlock(input, (block) => {
        for (let at = 0; at < block.length;) at += writeSync(out, block, at, block.length - at)
      })
      fsyncSync(out)
    } finally {
      closeSync(out)
    }
  })
  rmSync(scratch, { force: true })
  return { readMs, sha256Ms, sealMs, durableCopyMs }
}
