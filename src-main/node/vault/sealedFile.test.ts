import { createHash, randomFillSync } from 'node:crypto'
import { open, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadSodium } from '../crypto/loadSodium'
import { STREAM_CHUNK_BYTES, StreamFormatError, StreamPurpose } from '../crypto/streamCipher'
import { tempDir } from '../testing/testVault'
import { sealFileInto } from './sealFileInto'
import { openSealedFile, readSealedFile, sealBytesInto } from './sealedFile'

let dir: Awaited<ReturnType<typeof tempDir>>
beforeEach(async () => {
  dir = await tempDir()
})
afterEach(async () => {
  await dir.remove()
})

const key = new Uint8Array(32).fill(9)
const MiB = 1024 * 1024
/** sealedFile's block: 64 chunks of 64 KiB. */
const BLOCK = 64 * STREAM_CHUNK_BYTES

async function sealFile(plain: Uint8Array): Promise<{ path: string; sha256: Uint8Array }> {
  const sodium = await loadSodium()
  const source = join(dir.path, 'source.bin')
  await writeFile(source, plain)
  const path = join(dir.path, 'sealed.bin')
  const handle = await open(path, 'w')
  try {
    const result = await sealFileInto(sodium, source, handle, path, key, StreamPurpose.blob)
    expect(result.size).toBe(plain.length)
    return { path, sha256: result.sha256 }
  } finally {
    await handle.close()
  }
}

describe('sealed files', () => {
  it('seals a file in one pass and hashes it, at every size around a block and on the hashing thread', async () => {
    const sodium = await loadSodium()
    // 33 MiB + 1 and 32 MiB take the hashing and the sealing thread; 32 MiB ends exactly on
    // a block (its last chunk, flagged, sealed here); the last block of 34 MiB + 5 chunks + 3
    // has 38 chunks, the last of them flagged and sealed on the sealing thread.
    for (const size of [
      0,
      1,
      STREAM_CHUNK_BYTES,
      BLOCK - 1,
      BLOCK,
      BLOCK + 1,
      32 * MiB,
      33 * MiB + 1,
      34 * MiB + 5 * STREAM_CHUNK_BYTES + 3
    ]) {
      const plain = randomFillSync(new Uint8Array(size))
      const { path, sha256 } = await sealFile(plain)
      expect(Buffer.from(sha256).toString('hex'), `size ${size}`).toBe(
        createHash('sha256').update(plain).digest('hex')
      )
      const { plaintext } = await readSealedFile(sodium, path, key, StreamPurpose.blob)
      expect(Buffer.from(plaintext).equals(Buffer.from(plain)), `size ${size}`).toBe(true)
    }
  })

  it('writes the same layout from memory as from a file', async () => {
    const sodium = await loadSodium()
    const plain = randomFillSync(new Uint8Array(2 * BLOCK + 5))
    const path = join(dir.path, 'from-memory.bin')
    const handle = await open(path, 'w')
    await sealBytesInto(sodium, handle, path, key, StreamPurpose.blob, 0, plain)
    await handle.close()
    const { plaintext } = await readSealedFile(sodium, path, key, StreamPurpose.blob)
    expect(Buffer.from(plaintext).equals(Buffer.from(plain))).toBe(true)
  })

  it('streams blocks in order and leaves no plaintext behind in its reused buffer', async () => {
    const sodium = await loadSodium()
    const plain = randomFillSync(new Uint8Array(BLOCK + 100))
    const { path } = await sealFile(plain)
    for (let round = 0; round < 2; round++) {
      const blocks: Uint8Array[] = []
      const copies: Buffer[] = []
      await openSealedFile(sodium, path, key, StreamPurpose.blob, (block) => {
        blocks.push(block)
        copies.push(Buffer.from(block))
      })
      expect(Buffer.concat(copies).equals(Buffer.from(plain))).toBe(true)
      // The blocks lent to the callback are views of one buffer, erased once the file is read.
      for (const block of blocks) expect(block.every((byte) => byte === 0)).toBe(true)
    }
  })

  it('erases what it decrypted of a file that turns out damaged', async () => {
    const sodium = await loadSodium()
    const plain = new Uint8Array(3 * STREAM_CHUNK_BYTES).fill(0xaa)
    const { path } = await sealFile(plain)
    const handle = await open(path, 'r+')
    // Damage the third chunk: the first two decrypt before the damage is found.
    await handle.write(Buffer.from([1]), 0, 1, 48 + 2 * (STREAM_CHUNK_BYTES + 16) + 7)
    await handle.close()
    let lent: Uint8Array | undefined
    const error: unknown = await openSealedFile(sodium, path, key, StreamPurpose.blob, (block) => {
      lent = block
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StreamFormatError)
    expect(lent).toBeUndefined()
    // The next file gets the same buffer: nothing of the damaged one is in it.
    const other = await sealFile(new Uint8Array(10).fill(1))
    await openSealedFile(sodium, other.path, key, StreamPurpose.blob, (block) => {
      const whole = new Uint8Array(block.buffer, block.byteOffset, 3 * STREAM_CHUNK_BYTES)
      expect(whole.subarray(10).every((byte) => byte === 0)).toBe(true)
    })
  })
})
