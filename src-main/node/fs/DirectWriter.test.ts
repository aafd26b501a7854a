import { randomFillSync } from 'node:crypto'
import { open, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../testing/testVault'
import { DIRECT_ALIGN, DirectWriter } from './DirectWriter'

let dir: Awaited<ReturnType<typeof tempDir>>
beforeEach(async () => {
  dir = await tempDir()
})
afterEach(async () => {
  await dir.remove()
})

/**
 * Writes `pieces` one after another as a caller of DirectWriter does: each after the carry the
 * previous write left at the front of the other buffer. Gives the file's bytes and whether
 * every write went past the cache (a refused one, EINVAL from an unaligned buffer, falls back).
 */
async function writePieces(
  pieces: readonly Uint8Array[],
  direct: boolean
): Promise<{ bytes: Buffer; wasDirect: boolean; carries: number[] }> {
  const longest = Math.max(...pieces.map((p) => p.length))
  const buffers = [0, 1].map(
    () => new Uint8Array(DirectWriter.alignedBuffer(DIRECT_ALIGN + longest))
  )
  const path = join(dir.path, `out-${String(direct)}.bin`)
  const handle = await open(path, 'wx', 0o600)
  try {
    const writer = await DirectWriter.open(handle, path, { direct })
    let carry = 0
    let k = 0
    const carries: number[] = []
    for (const piece of pieces) {
      const buffer = buffers[k % 2] ?? new Uint8Array()
      const next = buffers[(k + 1) % 2] ?? new Uint8Array()
      buffer.set(piece, carry)
      const started = writer.write(buffer, carry + piece.length, next)
      carry = started.carry
      carries.push(carry)
      await started.done
      k++
    }
    const wasDirect = writer.isDirect
    await writer.end(buffers[k % 2] ?? new Uint8Array(), carry)
    await handle.sync()
    return { bytes: await readFile(path), wasDirect, carries }
  } finally {
    await handle.close()
  }
}

/** Lengths around the page and the sealed block (4 MiB + 1 KiB), and a 48-byte header first. */
const LENGTHS = [
  48,
  4_195_328,
  4_195_328,
  1,
  DIRECT_ALIGN - 1,
  DIRECT_ALIGN,
  3 * DIRECT_ALIGN + 7,
  0,
  65_552
]

describe('DirectWriter', () => {
  it('writes every byte in order past the page cache, whatever the lengths of the writes', async () => {
    const pieces = LENGTHS.map((n) => randomFillSync(new Uint8Array(n)))
    const { bytes, wasDirect } = await writePieces(pieces, true)
    expect(bytes.equals(Buffer.concat(pieces))).toBe(true)
    // Linux and a file system that takes O_DIRECT (ext4 and tmpfs from 6.6 on do): the
    // buffers start at a page, so no write was refused and fell back to the cache.
    if (process.platform === 'linux') expect(wasDirect).toBe(true)
  })

  it('writes the same bytes through the cache where direct writes are not wanted', async () => {
    const pieces = LENGTHS.map((n) => randomFillSync(new Uint8Array(n)))
    const { bytes, wasDirect } = await writePieces(pieces, false)
    expect(wasDirect).toBe(false)
    expect(bytes.equals(Buffer.concat(pieces))).toBe(true)
  })

  it('carries the bytes so far modulo a page, past the cache or through it', async () => {
    // sealFileInto places each block in its buffer before the block ahead is written: where
    // it starts must follow from the lengths alone, however the writes go out.
    const pieces = LENGTHS.map((n) => randomFillSync(new Uint8Array(n)))
    let total = 0
    const want = LENGTHS.map((n) => (total += n) % DIRECT_ALIGN)
    for (const direct of [true, false]) {
      const { bytes, carries } = await writePieces(pieces, direct)
      expect(carries, `direct: ${String(direct)}`).toEqual(want)
      expect(bytes.equals(Buffer.concat(pieces))).toBe(true)
    }
  })

  it('hands out buffers a worker can share', () => {
    const buffer = DirectWriter.alignedBuffer(5 * 1024 * 1024)
    expect(buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(buffer.byteLength).toBeGreaterThanOrEqual(5 * 1024 * 1024)
  })

  it('refuses a direct write from a buffer that does not start at a page', async ({ skip }) => {
    const path = join(dir.path, 'unaligned.bin')
    const handle = await open(path, 'wx', 0o600)
    try {
      const writer = await DirectWriter.open(handle, path)
      skip(!writer.isDirect, 'no O_DIRECT on this system or file system')
      const buffer = new Uint8Array(DirectWriter.alignedBuffer(2 * DIRECT_ALIGN))
      expect(() => writer.write(buffer.subarray(16), DIRECT_ALIGN, buffer)).toThrow(RangeError)
      await writer.close()
    } finally {
      await handle.close()
    }
  })
})
