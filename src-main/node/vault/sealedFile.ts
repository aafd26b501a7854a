import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import type { Sodium } from '../crypto/loadSodium'
import {
  SEALED_CHUNK_BYTES,
  STREAM_CHUNK_BYTES,
  STREAM_HEADER_BYTES,
  StreamFormatError,
  decodeStreamHeader,
  encodeStreamHeader,
  openChunk,
  plaintextLength,
  sealChunk
} from '../crypto/streamCipher'
import type { StreamPurpose } from '../crypto/streamCipher'
import { fsError } from '../fs/fsError'
import { writeAll } from '../fs/durable'
import { fileKey } from './vaultKeys'

/** Plaintext read and sealed per I/O call: 64 chunks. */
const BLOCK_CHUNKS = 64
const BLOCK_BYTES = BLOCK_CHUNKS * STREAM_CHUNK_BYTES

function newHeader(sodium: Sodium, purpose: StreamPurpose, generation: number): Buffer {
  return encodeStreamHeader({ purpose, generation, fileNonce: sodium.randombytes_buf(32) })
}

/** Seals `data` into an open (temporary) file. */
export async function sealBytesInto(
  sodium: Sodium,
  handle: FileHandle,
  handlePath: string,
  purposeKey: Uint8Array,
  purpose: StreamPurpose,
  generation: number,
  data: Uint8Array
): Promise<void> {
  const header = newHeader(sodium, purpose, generation)
  const key = fileKey(sodium, purposeKey, header.subarray(16))
  try {
    await writeAll(handle, header, handlePath)
    const chunkCount = Math.max(1, Math.ceil(data.length / STREAM_CHUNK_BYTES))
    for (let first = 0; first < chunkCount; first += BLOCK_CHUNKS) {
      const parts: Buffer[] = []
      for (let i = first; i < Math.min(first + BLOCK_CHUNKS, chunkCount); i++) {
        const plain = data.subarray(i * STREAM_CHUNK_BYTES, (i + 1) * STREAM_CHUNK_BYTES)
        parts.push(sealChunk(key, header, i, i === chunkCount - 1, plain))
      }
      await writeAll(handle, Buffer.concat(parts), handlePath)
    }
  } finally {
    sodium.memzero(key)
  }
}

/**
 * Seals the file at `sourcePath` into an open (temporary) file in one pass, computing the
 * plaintext's SHA-256 on the way. The last chunk is only known once a read comes back short,
 * so each block is held until the next read tells whether it ends the file.
 */
export async function sealFileInto(
  sodium: Sodium,
  sourcePath: string,
  handle: FileHandle,
  handlePath: string,
  purposeKey: Uint8Array,
  purpose: StreamPurpose
): Promise<{ sha256: Uint8Array; size: number }> {
  let source: FileHandle
  try {
    source = await open(sourcePath, 'r')
  } catch (error) {
    throw fsError(error, sourcePath)
  }
  const header = newHeader(sodium, purpose, 0)
  const key = fileKey(sodium, purposeKey, header.subarray(16))
  const hash = createHash('sha256')
  let buffers = [Buffer.alloc(BLOCK_BYTES), Buffer.alloc(BLOCK_BYTES)] as const
  try {
    await writeAll(handle, header, handlePath)
    let size = 0
    let counter = 0
    let pending = await readBlock(source, buffers[0], sourcePath)
    for (;;) {
      const next = pending === BLOCK_BYTES ? await readBlock(source, buffers[1], sourcePath) : 0
      const isLastBlock = next === 0
      const block = buffers[0].subarray(0, pending)
      hash.update(block)
      size += pending
      const chunks = Math.max(1, Math.ceil(pending / STREAM_CHUNK_BYTES))
      const parts: Buffer[] = []
      for (let i = 0; i < chunks; i++) {
        const plain = block.subarray(i * STREAM_CHUNK_BYTES, (i + 1) * STREAM_CHUNK_BYTES)
        parts.push(sealChunk(key, header, counter, isLastBlock && i === chunks - 1, plain))
        counter++
      }
      await writeAll(handle, Buffer.concat(parts), handlePath)
      if (isLastBlock) break
      buffers = [buffers[1], buffers[0]]
      pending = next
    }
    return { sha256: hash.digest(), size }
  } finally {
    sodium.memzero(key)
    await source.close()
  }
}

async function readBlock(handle: FileHandle, into: Buffer, path: string): Promise<number> {
  let filled = 0
  try {
    while (filled < into.length) {
      const { bytesRead } = await handle.read(into, filled, into.length - filled, null)
      if (bytesRead === 0) break
      filled += bytesRead
    }
  } catch (error) {
    throw fsError(error, path)
  }
  return filled
}

/**
 * Opens a sealed file chunk by chunk, calling `onPlain` with each plaintext block in order.
 * Any damage raises StreamFormatError; the caller names the file.
 */
export async function openSealedFile(
  sodium: Sodium,
  path: string,
  purposeKey: Uint8Array,
  purpose: StreamPurpose,
  onPlain: (block: Uint8Array, offset: number, totalSize: number) => Promise<void> | void
): Promise<{ generation: number; size: number }> {
  let handle: FileHandle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    throw fsError(error, path)
  }
  try {
    const { size: fileSize } = await handle.stat()
    const headerBytes = Buffer.alloc(STREAM_HEADER_BYTES)
    if ((await readBlock(handle, headerBytes, path)) < STREAM_HEADER_BYTES)
      throw new StreamFormatError('truncated')
    const header = decodeStreamHeader(headerBytes)
    if (header.purpose !== purpose) throw new StreamFormatError('wrong-purpose')
    const size = plaintextLength(fileSize - STREAM_HEADER_BYTES)
    const chunkCount = Math.max(1, Math.ceil(size / STREAM_CHUNK_BYTES))
    const key = fileKey(sodium, purposeKey, header.fileNonce)
    const sealed = Buffer.alloc(BLOCK_CHUNKS * SEALED_CHUNK_BYTES)
    const plain = Buffer.alloc(BLOCK_BYTES)
    try {
      let offset = 0
      for (let first = 0; first < chunkCount; first += BLOCK_CHUNKS) {
        const last = Math.min(first + BLOCK_CHUNKS, chunkCount)
        const want = Math.min(
          sealed.length,
          fileSize - STREAM_HEADER_BYTES - first * SEALED_CHUNK_BYTES
        )
        if ((await readBlock(handle, sealed.subarray(0, want), path)) < want)
          throw new StreamFormatError('truncated')
        let plainLength = 0
        for (let i = first; i < last; i++) {
          const start = (i - first) * SEALED_CHUNK_BYTES
          const chunk = sealed.subarray(start, Math.min(start + SEALED_CHUNK_BYTES, want))
          plainLength += openChunk(
            key,
            headerBytes,
            i,
            i === chunkCount - 1,
            chunk,
            plain,
            plainLength
          )
        }
        // Awaited: the block lives in a buffer the next read overwrites.
        await onPlain(plain.subarray(0, plainLength), offset, size)
        offset += plainLength
      }
      return { generation: header.generation, size }
    } finally {
      sodium.memzero(key)
    }
  } finally {
    await handle.close()
  }
}

/** Opens a whole sealed file into one buffer (the snapshot). */
export async function readSealedFile(
  sodium: Sodium,
  path: string,
  purposeKey: Uint8Array,
  purpose: StreamPurpose
): Promise<{ generation: number; plaintext: Uint8Array }> {
  let out: Uint8Array | undefined
  const result = await openSealedFile(
    sodium,
    path,
    purposeKey,
    purpose,
    (block, offset, totalSize) => {
      out ??= new Uint8Array(totalSize)
      out.set(block, offset)
    }
  )
  return { generation: result.generation, plaintext: out ?? new Uint8Array(0) }
}
