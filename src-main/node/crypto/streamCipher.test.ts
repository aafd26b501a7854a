import { open, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../testing/testVault'
import { openSealedFile, readSealedFile, sealBytesInto } from '../vault/sealedFile'
import { loadSodium } from './loadSodium'
import {
  SEALED_CHUNK_BYTES,
  STREAM_CHUNK_BYTES,
  STREAM_HEADER_BYTES,
  StreamFormatError,
  StreamPurpose
} from './streamCipher'

let dir: Awaited<ReturnType<typeof tempDir>>
beforeEach(async () => {
  dir = await tempDir()
})
afterEach(async () => {
  await dir.remove()
})

const key = new Uint8Array(32).fill(7)

async function seal(plain: Uint8Array): Promise<string> {
  const sodium = await loadSodium()
  const path = join(dir.path, 'sealed.bin')
  const handle = await open(path, 'w')
  await sealBytesInto(sodium, handle, path, key, StreamPurpose.snapshot, 5, plain)
  await handle.close()
  return path
}

async function expectFormatError(path: string, reason: StreamFormatError['reason']): Promise<void> {
  const sodium = await loadSodium()
  const error: unknown = await readSealedFile(sodium, path, key, StreamPurpose.snapshot).catch(
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(StreamFormatError)
  expect((error as StreamFormatError).reason).toBe(reason)
}

describe('STREAM files', () => {
  it('round-trips empty, one-chunk, exact-multiple and ragged plaintexts', async () => {
    const sodium = await loadSodium()
    for (const size of [
      0,
      1,
      STREAM_CHUNK_BYTES,
      3 * STREAM_CHUNK_BYTES,
      3 * STREAM_CHUNK_BYTES + 17
    ]) {
      const plain = sodium.randombytes_buf(size)
      const path = await seal(plain)
      const { generation, plaintext } = await readSealedFile(
        sodium,
        path,
        key,
        StreamPurpose.snapshot
      )
      expect(generation).toBe(5)
      expect(Buffer.from(plaintext).equals(Buffer.from(plain))).toBe(true)
      const chunks = Math.max(1, Math.ceil(size / STREAM_CHUNK_BYTES))
      expect((await readFile(path)).length).toBe(STREAM_HEADER_BYTES + size + chunks * 16)
    }
  })

  it('rejects a file cut at a chunk boundary: the new last chunk was not sealed as last', async () => {
    const path = await seal(new Uint8Array(3 * STREAM_CHUNK_BYTES + 5))
    const bytes = await readFile(path)
    await writeFile(path, bytes.subarray(0, STREAM_HEADER_BYTES + 2 * SEALED_CHUNK_BYTES))
    await expectFormatError(path, 'authentication')
  })

  it('rejects swapped chunks, a changed header and data after the last chunk', async () => {
    const path = await seal(new Uint8Array(3 * STREAM_CHUNK_BYTES).fill(1))
    const bytes = await readFile(path)
    const first = bytes.subarray(STREAM_HEADER_BYTES, STREAM_HEADER_BYTES + SEALED_CHUNK_BYTES)
    const second = bytes.subarray(
      STREAM_HEADER_BYTES + SEALED_CHUNK_BYTES,
      STREAM_HEADER_BYTES + 2 * SEALED_CHUNK_BYTES
    )
    await writeFile(
      path,
      Buffer.concat([
        bytes.subarray(0, STREAM_HEADER_BYTES),
        second,
        first,
        bytes.subarray(STREAM_HEADER_BYTES + 2 * SEALED_CHUNK_BYTES)
      ])
    )
    await expectFormatError(path, 'authentication')

    const generationChanged = Buffer.from(bytes)
    generationChanged[15] = 9
    await writeFile(path, generationChanged)
    await expectFormatError(path, 'authentication')

    await writeFile(path, Buffer.concat([bytes, Buffer.alloc(SEALED_CHUNK_BYTES, 0)]))
    await expectFormatError(path, 'authentication')
  })

  it('refuses a blob opened as a snapshot', async () => {
    const sodium = await loadSodium()
    const path = await seal(new Uint8Array(10))
    const error: unknown = await openSealedFile(
      sodium,
      path,
      key,
      StreamPurpose.blob,
      () => undefined
    ).catch((e: unknown) => e)
    expect((error as StreamFormatError).reason).toBe('wrong-purpose')
  })
})
