import { open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import type { Sodium } from '../crypto/loadSodium'
import { secureRandom } from '../crypto/secureRandom'
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
import { BLOCK_BYTES, BLOCK_CHUNKS, readBlock } from './readBlock'
import { fileKey } from './vaultKeys'

export const SEALED_BLOCK_BYTES = BLOCK_CHUNKS * SEALED_CHUNK_BYTES

/** list[i] of a list that is never short of it (ring buffers indexed modulo their length). */
export function at<T>(list: readonly T[], i: number): T {
  const item = list[i % list.length]
  if (item === undefined) throw new RangeError('empty ring')
  return item
}

export function newHeader(purpose: StreamPurpose, generation: number): Buffer {
  return encodeStreamHeader({ purpose, generation, fileNonce: secureRandom(32) })
}

/** Seals plaintext[from, to) as chunks `first`…, the last one flagged if `endsFile`. */
export function sealRange(
  key: Uint8Array,
  header: Buffer,
  plaintext: Uint8Array,
  first: number,
  endsFile: boolean
): Buffer[] {
  const parts: Buffer[] = []
  const chunks = Math.max(1, Math.ceil(plaintext.length / STREAM_CHUNK_BYTES))
  for (let i = 0; i < chunks; i++) {
    const plain = plaintext.subarray(i * STREAM_CHUNK_BYTES, (i + 1) * STREAM_CHUNK_BYTES)
    const { body, tag } = sealChunk(key, header, first + i, endsFile && i === chunks - 1, plain)
    parts.push(body, tag)
  }
  return parts
}

/** Writes every buffer at the handle's position, in order, looping over short writes. */
export async function writeAllParts(
  handle: FileHandle,
  parts: Buffer[],
  path: string
): Promise<void> {
  let rest = parts
  try {
    while (rest.length > 0) {
      const { bytesWritten } = await handle.writev(rest)
      let skip = bytesWritten
      let i = 0
      while (i < rest.length && skip >= (rest[i]?.length ?? 0)) skip -= rest[i++]?.length ?? 0
      rest = rest.slice(i)
      const partial = rest[0]
      if (skip > 0 && partial !== undefined) rest[0] = partial.subarray(skip)
    }
  } catch (error) {
    throw fsError(error, path)
  }
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
  const header = newHeader(purpose, generation)
  const key = fileKey(sodium, purposeKey, header.subarray(16))
  try {
    await writeAll(handle, header, handlePath)
    const chunkCount = Math.max(1, Math.ceil(data.length / STREAM_CHUNK_BYTES))
    // One block is sealed while the previous one is being written.
    let writing: Promise<void> = Promise.resolve()
    try {
      for (let first = 0; first < chunkCount; first += BLOCK_CHUNKS) {
        const last = Math.min(first + BLOCK_CHUNKS, chunkCount)
        const parts = sealRange(
          key,
          header,
          data.subarray(first * STREAM_CHUNK_BYTES, last * STREAM_CHUNK_BYTES),
          first,
          last === chunkCount
        )
        await writing
        writing = writeAllParts(handle, parts, handlePath)
      }
    } finally {
      await writing.catch(() => undefined)
    }
    await writing
  } finally {
    sodium.memzero(key)
  }
}

/**
 * Read buffers (ciphertext, two for reading ahead) and the plaintext buffer of
 * openSealedFile, kept for the next file: verification opens every blob in turn, and 12 MiB
 * allocated per blob made it allocation-bound. The plaintext buffer is zeroed before it is
 * put back.
 */
interface OpenBuffers {
  sealed: [Buffer, Buffer]
  plain: Buffer
}
const spareBuffers: OpenBuffers[] = []

function takeBuffers(): OpenBuffers {
  return (
    spareBuffers.pop() ?? {
      sealed: [
        Buffer.allocUnsafeSlow(SEALED_BLOCK_BYTES),
        Buffer.allocUnsafeSlow(SEALED_BLOCK_BYTES)
      ],
      plain: Buffer.alloc(BLOCK_BYTES)
    }
  )
}

function giveBack(buffers: OpenBuffers): void {
  // Two sets cover a verify and an export running at once; more would only hold memory.
  if (spareBuffers.length < 2) spareBuffers.push(buffers)
}

/**
 * Decrypts a sealed file block by block. `into` gives, for each block, where its plaintext
 * goes; `done` is awaited after each block, before the next is decrypted. The next block's
 * ciphertext is read while the current one is decrypted. Any damage raises
 * StreamFormatError; the caller names the file.
 */
async function decryptFile(
  sodium: Sodium,
  path: string,
  purposeKey: Uint8Array,
  purpose: StreamPurpose,
  sealedBuffers: [Buffer, Buffer],
  into: (size: number, offset: number) => { buffer: Uint8Array; at: number },
  done: (plaintext: Uint8Array, offset: number, size: number) => Promise<void> | void
): Promise<{ generation: number; size: number }> {
  let handle: FileHandle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    throw fsError(error, path)
  }
  let reading: Promise<number> = Promise.resolve(0)
  try {
    const { size: fileSize } = await handle.stat()
    const headerBytes = Buffer.alloc(STREAM_HEADER_BYTES)
    if ((await readBlock(handle, headerBytes, path)) < STREAM_HEADER_BYTES)
      throw new StreamFormatError('truncated')
    const header = decodeStreamHeader(headerBytes)
    if (header.purpose !== purpose) throw new StreamFormatError('wrong-purpose')
    const bodyBytes = fileSize - STREAM_HEADER_BYTES
    const size = plaintextLength(bodyBytes)
    const chunkCount = Math.max(1, Math.ceil(size / STREAM_CHUNK_BYTES))
    const key = fileKey(sodium, purposeKey, header.fileNonce)
    const want = (first: number) =>
      Math.min(SEALED_BLOCK_BYTES, bodyBytes - first * SEALED_CHUNK_BYTES)
    const read = (first: number, buffer: Buffer) =>
      readBlock(handle, buffer.subarray(0, want(first)), path)
    try {
      let offset = 0
      reading = read(0, sealedBuffers[0])
      for (let first = 0, k = 0; first < chunkCount; first += BLOCK_CHUNKS, k++) {
        const sealed = at(sealedBuffers, k)
        const got = await reading
        if (got < want(first)) throw new StreamFormatError('truncated')
        const last = Math.min(first + BLOCK_CHUNKS, chunkCount)
        if (last < chunkCount) reading = read(last, at(sealedBuffers, k + 1))
        const target = into(size, offset)
        let plainLength = 0
        for (let i = first; i < last; i++) {
          const start = (i - first) * SEALED_CHUNK_BYTES
          const chunk = sealed.subarray(start, Math.min(start + SEALED_CHUNK_BYTES, got))
          plainLength += openChunk(
            key,
            headerBytes,
            i,
            i === chunkCount - 1,
            chunk,
            target.buffer,
            target.at + plainLength
          )
        }
        // Awaited: the plaintext may live in a buffer the next block overwrites.
        await done(target.buffer.subarray(target.at, target.at + plainLength), offset, size)
        offset += plainLength
      }
      return { generation: header.generation, size }
    } finally {
      sodium.memzero(key)
    }
  } finally {
    await reading.catch(() => undefined)
    await handle.close()
  }
}

/**
 * Opens a sealed file chunk by chunk, calling `onPlain` with each plaintext block in order;
 * a block is only valid until `onPlain`'s promise settles. Any damage raises
 * StreamFormatError; the caller names the file.
 */
export async function openSealedFile(
  sodium: Sodium,
  path: string,
  purposeKey: Uint8Array,
  purpose: StreamPurpose,
  onPlain: (block: Uint8Array, offset: number, totalSize: number) => Promise<void> | void
): Promise<{ generation: number; size: number }> {
  const buffers = takeBuffers()
  /** how much of the plaintext buffer a block may have filled: what must be zeroed */
  let used = 0
  try {
    return await decryptFile(
      sodium,
      path,
      purposeKey,
      purpose,
      buffers.sealed,
      (size, offset) => {
        used = Math.max(used, Math.min(BLOCK_BYTES, size - offset))
        return { buffer: buffers.plain, at: 0 }
      },
      onPlain
    )
  } finally {
    buffers.plain.fill(0, 0, used)
    giveBack(buffers)
  }
}

/**
 * Opens a whole sealed file into one buffer (the snapshot), each chunk decrypted straight
 * to its place. On an error the part already decrypted is zeroed.
 */
export async function readSealedFile(
  sodium: Sodium,
  path: string,
  purposeKey: Uint8Array,
  purpose: StreamPurpose
): Promise<{ generation: number; plaintext: Uint8Array }> {
  const buffers = takeBuffers()
  let out: Uint8Array | undefined
  try {
    const result = await decryptFile(
      sodium,
      path,
      purposeKey,
      purpose,
      buffers.sealed,
      (size, offset) => {
        out ??= new Uint8Array(size)
        return { buffer: out, at: offset }
      },
      () => undefined
    )
    return { generation: result.generation, plaintext: out ?? new Uint8Array(0) }
  } catch (error) {
    out?.fill(0)
    throw error
  } finally {
    giveBack(buffers)
  }
}

/**
 * Decrypts a whole sealed file held in memory in place: afterwards its first `size` bytes
 * are the plaintext. Each chunk's plaintext lands at or before where its ciphertext began,
 * and only once that chunk is authenticated, so nothing is overwritten before it is read.
 * Half the memory of decrypting into a second buffer: the snapshot is the size of the
 * database. On an error the whole buffer is zeroed.
 */
export function openSealedBytes(
  sodium: Sodium,
  bytes: Uint8Array,
  purposeKey: Uint8Array,
  purpose: StreamPurpose
): { generation: number; size: number } {
  try {
    if (bytes.length < STREAM_HEADER_BYTES) throw new StreamFormatError('truncated')
    // A copy: the header is every chunk's additional data, and the plaintext overwrites it.
    const headerBytes = Buffer.from(bytes.subarray(0, STREAM_HEADER_BYTES))
    const header = decodeStreamHeader(headerBytes)
    if (header.purpose !== purpose) throw new StreamFormatError('wrong-purpose')
    const bodyBytes = bytes.length - STREAM_HEADER_BYTES
    const size = plaintextLength(bodyBytes)
    const chunkCount = Math.max(1, Math.ceil(size / STREAM_CHUNK_BYTES))
    const key = fileKey(sodium, purposeKey, header.fileNonce)
    try {
      for (let i = 0; i < chunkCount; i++) {
        const start = STREAM_HEADER_BYTES + i * SEALED_CHUNK_BYTES
        const chunk = bytes.subarray(start, Math.min(start + SEALED_CHUNK_BYTES, bytes.length))
        openChunk(key, headerBytes, i, i === chunkCount - 1, chunk, bytes, i * STREAM_CHUNK_BYTES)
      }
    } finally {
      sodium.memzero(key)
    }
    // What is left after the plaintext is spent ciphertext: cleared, so the buffer holds
    // nothing but the plaintext.
    bytes.fill(0, size)
    return { generation: header.generation, size }
  } catch (error) {
    bytes.fill(0)
    throw error
  }
}
