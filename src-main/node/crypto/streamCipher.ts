import { createCipheriv, createDecipheriv, getCiphers } from 'node:crypto'
import sodium from 'libsodium-wrappers-sumo'
import { DalelError } from '../../common/errors/DalelError'

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
 * ChaCha20-Poly1305 (RFC 8439: 12-byte nonce, 16-byte tag) for one chunk. Node's OpenSSL offers
 * it to createCipheriv; Electron's Node is built on BoringSSL, which has the construction only
 * behind its one-shot AEAD interface, so there createCipheriv says "Unknown cipher"
 * (electron/electron#24024). There libsodium's crypto_aead_chacha20poly1305_ietf does the same
 * construction — the same ciphertext and tag byte for byte (streamCipher.test), so a vault
 * sealed by the command line opens in the app and back. libsodium is loaded (loadSodium) before
 * any key exists: every key comes from Argon2id.
 */
export interface ChunkAead {
  readonly name: 'node' | 'libsodium'
  seal(
    key: Uint8Array,
    nonce: Buffer,
    aad: Buffer,
    plain: Uint8Array
  ): { body: Buffer; tag: Buffer }
  /** The plaintext, in a buffer the caller wipes. @throws StreamFormatError('authentication') */
  open(key: Uint8Array, nonce: Buffer, aad: Buffer, body: Uint8Array, tag: Uint8Array): Buffer
}

const nodeAead: ChunkAead = {
  name: 'node',
  seal(key, nonce, aad, plain) {
    const cipher = createCipheriv('chacha20-poly1305', key, nonce, {
      authTagLength: STREAM_TAG_BYTES
    })
    cipher.setAAD(aad, { plaintextLength: plain.length })
    const body = cipher.update(plain)
    cipher.final()
    return { body, tag: cipher.getAuthTag() }
  },
  open(key, nonce, aad, body, tag) {
    const decipher = createDecipheriv('chacha20-poly1305', key, nonce, {
      authTagLength: STREAM_TAG_BYTES
    })
    decipher.setAAD(aad, { plaintextLength: body.length })
    decipher.setAuthTag(tag)
    const plain = decipher.update(body)
    try {
      decipher.final()
    } catch {
      plain.fill(0)
      throw new StreamFormatError('authentication')
    }
    return plain
  }
}

function readySodium(): typeof sodium {
  if (typeof sodium.crypto_aead_chacha20poly1305_ietf_encrypt_detached !== 'function')
    throw new DalelError('crypto-unavailable', { what: 'ChaCha20-Poly1305' })
  return sodium
}

const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

const sodiumAead: ChunkAead = {
  name: 'libsodium',
  seal(key, nonce, aad, plain) {
    const { ciphertext, mac } = readySodium().crypto_aead_chacha20poly1305_ietf_encrypt_detached(
      plain,
      aad,
      null,
      nonce,
      key
    )
    return { body: asBuffer(ciphertext), tag: asBuffer(mac) }
  },
  open(key, nonce, aad, body, tag) {
    const s = readySodium()
    let plain: Uint8Array
    try {
      plain = s.crypto_aead_chacha20poly1305_ietf_decrypt_detached(null, body, tag, aad, nonce, key)
    } catch {
      throw new StreamFormatError('authentication')
    }
    return asBuffer(plain)
  }
}

/** Node's cipher where this runtime's crypto lists it, else libsodium's (Electron). */
export function chunkAeadFor(ciphers: readonly string[]): ChunkAead {
  return ciphers.includes('chacha20-poly1305') ? nodeAead : sodiumAead
}

/** This runtime's: `name` is 'node' in Node, 'libsodium' where BoringSSL lacks the cipher. */
export const chunkAead: ChunkAead = chunkAeadFor(getCiphers())

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
  return chunkAead.seal(key, chunkNonce(counter, last), header, plain)
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
  const plain = chunkAead.open(
    key,
    chunkNonce(counter, last),
    header,
    sealed.subarray(0, bodyLength),
    sealed.subarray(bodyLength)
  )
  try {
    out.set(plain, outOffset)
  } finally {
    // The cipher hands the plaintext back in a buffer of its own; it is copied out and erased,
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
