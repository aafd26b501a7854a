// Where an attach's time can go, each step alone on the same file in the same run (issue 12
// item 16): reading it, hashing it, encrypting it, and writing it durably. No Dalel code;
// synchronous calls in 4 MiB blocks, as the vault reads and writes.
import { createCipheriv, createHash, randomBytes } from 'node:crypto'
import {
  closeSync,
  constants,
  fdatasyncSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  rmSync,
  writeSync
} from 'node:fs'
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
  /** read + write a copy through the page cache + fsync it */
  durableCopyMs: number
  /**
   * read + write a copy past the page cache (O_DIRECT, 4 MiB page-aligned writes) + fdatasync
   * it; undefined where there is no O_DIRECT. On this VM new page-cache pages are faults on
   * the host, so this is the disk's limit for a durable copy (README "Attaching a large file").
   */
  directCopyMs?: number
}

/** A page-aligned buffer: V8 maps each WebAssembly memory on its own pages. */
function alignedBlock(): Buffer {
  const pages = Math.ceil(BLOCK / 65536)
  const memory = new (
    globalThis as unknown as {
      WebAssembly: { Memory: new (size: { initial: number }) => { buffer: ArrayBuffer } }
    }
  ).WebAssembly.Memory({ initial: pages })
  return Buffer.from(memory.buffer, 0, BLOCK)
}

/** Copies `input` to `output` with O_DIRECT writes, then fdatasyncs it; undefined without O_DIRECT. */
function directCopy(input: string, output: string): number | undefined {
  const direct = (constants as { O_DIRECT?: number }).O_DIRECT
  if (direct === undefined) return undefined
  const buffer = alignedBlock()
  return timed(() => {
    const source = openSync(input, 'r')
    const out = openSync(
      output,
      constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | direct,
      0o600
    )
    try {
      let position = 0
      for (;;) {
        const n = readSync(source, buffer, 0, BLOCK, null)
        if (n === 0) break
        // Direct writes are whole pages: the last one is padded and the file cut back after.
        const whole = Math.ceil(n / 4096) * 4096
        buffer.fill(0, n, whole)
        for (let at = 0; at < whole;) at += writeSync(out, buffer, at, whole - at, position + at)
        position += n
      }
      ftruncateSync(out, position)
      fdatasyncSync(out)
    } finally {
      closeSync(out)
      closeSync(source)
    }
  })
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
  // Past the cache first: `age -r` runs right after the cached copy is deleted, on the pages
  // it freed (its best case on this VM).
  const directCopyMs = directCopy(input, scratch)
  rmSync(scratch, { force: true })
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
  return {
    readMs,
    sha256Ms,
    sealMs,
    durableCopyMs,
    ...(directCopyMs === undefined ? {} : { directCopyMs })
  }
}
