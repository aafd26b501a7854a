import { createCipheriv, createDecipheriv } from 'node:crypto'

/**
 * The STREAM construction of age's payload (DESIGN "Crypto"), on Node's native
 * ChaCha20-Poly1305. A file is a 48-byte header followed by chunks of 64 KiB of plaintext,
 * each sealed with a 12-byte nonce: an 11-byte big-endian chunk counter and a flag byte that
 * is 1 on the last chunk only. The whole header is the additional data of every chunk, so a
 * changed header, a reordered, dropped or duplicated chunk, a missing last chunk and data
 * after the last chunk all fail authentication.
 *
 * Header: "dalel\0" (6) | version 1 (1) | purpose (1) | generation uint64be (8) | file nonce (32).
 */
export const STREAM_MAGIC = Buffer.from('dalel\0', 'latin1')
export const STREAM_VERSION = 1
export const STREAM_HEADER_BYTES = 48
export const STREAM_CHUNK_BYTES = 64 * 1024
export const STREAM_TAG_BYTES = 16
export const SEALED_CHUNK_BYTES = STREAM_CHUNK_BYTES + STREAM_TAG_BYTES

export const StreamPurpose = { snapshot: 1, blob: 2 } as const
export type StreamPurpose = (typeof StreamPurpose)[keyof typeof StreamPurpose]

export interface StreamHeader {
  purpose: StreamPurpose
  generation: number
  /** 32 random bytes */
  fileNonce: Uint8Array
}

export class StreamFormatError extends Error {
  constructor(
    readonly reason:
      'bad-header' | 'truncated' | 'authentication' | 'wrong-purpose' | 'trailing-data'
  ) {
    super(`encrypted file: ${reason}`)
    this.name = 'StreamFormatError'
  }
}

export function encodeStreamHeader(header: StreamHeader): Buffer {
  if (header.fileNonce.length !== 32) throw new RangeError('file nonce must be 32 bytes')
  const out = Buffer.alloc(STREAM_HEADER_BYTES)
  STREAM_MAGIC.copy(out, 0)
  out[6] = STREAM_VERSION
  out[7] = header.purpose
  out.writeBigUInt64BE(BigInt(header.generation), 8)
  out.set(header.fileNonce, 16)
  return out
}

export function decodeStreamHeader(bytes: Uint8Array): StreamHeader {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (
    buf.length < STREAM_HEADER_BYTES ||
    !buf.subarray(0, 6).equals(STREAM_MAGIC) ||
    buf[6] !== STREAM_VERSION
  ) {
    throw new StreamFormatError('bad-header')
  }
  const purpose = buf[7]
  if (purpose !== StreamPurpose.snapshot && purpose !== StreamPurpose.blob)
    throw new StreamFormatError('bad-header')
  const generation = buf.readBigUInt64BE(8)
  if (generation > BigInt(Number.MAX_SAFE_INTEGER)) throw new StreamFormatError('bad-header')
  return {
    purpose,
    generation: Number(generation),
    fileNonce: Uint8Array.from(buf.subarray(16, 48))
  }
}

function chunkNonce(counter: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12)
  // 11-byte big-endian counter: the top 3 bytes stay zero for any file under 2^53 chunks.
  nonce.writeUIntBE(counter, 5, 6)
  nonce[11] = last ? 1 : 0
  return nonce
}

/**
 * Seals one chunk; the sealed chunk is `body` followed by `tag`, returned apart so a writer
 * can hand both to writev instead of copying them together.
 * @param key the per-file key, 32 bytes
 */
export function sealChunk(
  key: Uint8Array,
  header: Buffer,
  counter: number,
  last: boolean,
  plain: Uint8Array
): { body: Buffer; tag: Buffer } {
  const cipher = createCipheriv('chacha20-poly1305', key, chunkNonce(counter, last), {
    authTagLength: STREAM_TAG_BYTES
  })
  cipher.setAAD(header, { plaintextLength: plain.length })
  const body = cipher.update(plain)
  cipher.final()
  return { body, tag: cipher.getAuthTag() }
}

/** Opens one sealed chunk, writing the plaintext into `out` at `outOffset`; returns its length. */
export function openChunk(
  key: Uint8Array,
  header: Buffer,
  counter: number,
  last: boolean,
  sealed: Uint8Array,
  out: Uint8Array,
  outOffset: number
): number {
  if (sealed.length < STREAM_TAG_BYTES) throw new StreamFormatError('truncated')
  const bodyLength = sealed.length - STREAM_TAG_BYTES
  const decipher = createDecipheriv('chacha20-poly1305', key, chunkNonce(counter, last), {
    authTagLength: STREAM_TAG_BYTES
  })
  decipher.setAAD(header, { plaintextLength: bodyLength })
  decipher.setAuthTag(sealed.subarray(bodyLength))
  const plain = decipher.update(sealed.subarray(0, bodyLength))
  try {
    try {
      decipher.final()
    } catch {
      throw new StreamFormatError('authentication')
    }
    out.set(plain, outOffset)
  } finally {
    // OpenSSL hands the plaintext back in a buffer of its own; it is copied out and erased,
    // so no plaintext is left in memory that nothing will overwrite.
    plain.fill(0)
  }
  return bodyLength
}

/** Plaintext length of a sealed body of `sealedBytes` (after the header), or an error when no valid layout gives it. */
export function plaintextLength(sealedBytes: number): number {
  if (sealedBytes < STREAM_TAG_BYTES) throw new StreamFormatError('truncated')
  const fullChunks = Math.floor(sealedBytes / SEALED_CHUNK_BYTES)
  const rest = sealedBytes % SEALED_CHUNK_BYTES
  if (rest === 0) return fullChunks * STREAM_CHUNK_BYTES
  if (rest < STREAM_TAG_BYTES) throw new StreamFormatError('truncated')
  return fullChunks * STREAM_CHUNK_BYTES + rest - STREAM_TAG_BYTES
}
