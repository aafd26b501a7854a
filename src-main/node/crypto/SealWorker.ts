import { Worker } from 'node:worker_threads'
import { STREAM_CHUNK_BYTES, STREAM_TAG_BYTES } from './streamCipher'

/*
 * Plain CommonJS passed as source (`eval: true`), so the bundled CLI and the app need no
 * separate worker file. It seals the chunks of a plaintext block in shared memory into their
 * places in a shared output block, exactly as streamCipher's sealChunk does (the same nonce:
 * an 11-byte big-endian counter and a last-chunk flag; the same header as additional data),
 * with Node's cipher or, where the runtime's Node lacks ChaCha20-Poly1305 (Electron's
 * BoringSSL), with libsodium's crypto_aead_chacha20poly1305_ietf loaded from the path given —
 * the same ciphertext and tag byte for byte (SealWorker.test). It answers `ready` once it can
 * seal, or `unavailable` (libsodium not found). A thread outlives one file (SealThreads): each
 * file's key reaches it as one structured-clone copy (the caller's compact copy is wiped once
 * postMessage has serialised it), wiped when the file ends, when the next file begins and when
 * the thread is told to end. Each sealed body is copied into the shared block with
 * Buffer#copy (28 ms per GiB where TypedArray#set took 73 in the session that chose it; 39 ms
 * both in a later one — V8 copies into shared memory relaxed-atomically either way).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { crc32 } = require('node:zlib')
const CHUNK = ${STREAM_CHUNK_BYTES}
const TAG = ${STREAM_TAG_BYTES}
let key = null
// Node's cipher: the key as one KeyObject per file, not copied again for every chunk (7%
// less CPU); freed, and its copy cleared, once the file ends and it is collected.
let toSecret = null
let secret = null
let header = null
let sealOne = null
const forget = () => {
  if (key !== null) key.fill(0)
  key = null
  secret = null
}
const asBuffer = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
if (workerData.sodiumPath === null) {
  const { createCipheriv, createSecretKey } = require('node:crypto')
  toSecret = createSecretKey
  sealOne = (nonce, piece) => {
    const cipher = createCipheriv('chacha20-poly1305', secret, nonce, { authTagLength: TAG })
    cipher.setAAD(header, { plaintextLength: piece.length })
    const body = cipher.update(piece)
    cipher.final()
    return { body, tag: cipher.getAuthTag() }
  }
  parentPort.postMessage({ ready: true })
} else {
  let sodium = null
  try {
    sodium = require(workerData.sodiumPath)
  } catch (error) {
    parentPort.postMessage({ unavailable: String(error) })
  }
  if (sodium !== null)
    sodium.ready.then(() => {
      sealOne = (nonce, piece) => {
        const sealed = sodium.crypto_aead_chacha20poly1305_ietf_encrypt_detached(
          piece, header, null, nonce, key)
        return { body: asBuffer(sealed.ciphertext), tag: asBuffer(sealed.mac) }
      }
      parentPort.postMessage({ ready: true })
    }, (error) => parentPort.postMessage({ unavailable: String(error) }))
}
parentPort.on('message', (m) => {
  if (m.file) {
    forget()
    key = m.file.key
    secret = toSecret === null ? null : toSecret(key)
    header = Buffer.from(m.file.header)
    return
  }
  if (m.fileEnd) {
    forget()
    return
  }
  if (m.end) {
    forget()
    parentPort.postMessage({ ended: true })
    return
  }
  const plain = new Uint8Array(m.plain, 0, m.plainLength)
  const out = Buffer.from(m.out)
  const chunks = Math.max(1, Math.ceil(m.plainLength / CHUNK))
  let crc = 0
  for (let i = 0; i < chunks; i++) {
    const nonce = Buffer.alloc(12)
    nonce.writeUIntBE(m.counter + i, 5, 6)
    nonce[11] = m.last && i === chunks - 1 ? 1 : 0
    const piece = plain.subarray(i * CHUNK, Math.min((i + 1) * CHUNK, m.plainLength))
    // The chunk's CRC-32 is taken as it is sealed, while its bytes are in this core's cache.
    if (m.crc) crc = crc32(piece, crc)
    const { body, tag } = sealOne(nonce, piece)
    body.copy(out, m.base + i * (CHUNK + TAG))
    tag.copy(out, m.base + i * (CHUNK + TAG) + piece.length)
  }
  parentPort.postMessage(m.crc ? { job: m.job, crc } : { job: m.job })
})
`

interface SealWorkerMessage {
  ready?: boolean
  unavailable?: string
  ended?: boolean
  job?: number
  /** the CRC-32 of the plaintext the job sealed, when asked for */
  crc?: number
}

/**
 * Seals a large file's blocks on another thread while a second one seals the blocks between
 * (sealFileInto): STREAM chunks are independent (each has its own nonce), so a file's chunks
 * can be sealed in any order and on any thread. ChaCha20-Poly1305 is the largest cost of
 * storing a large attachment: about 0.6 s of CPU per GiB here with Node's cipher, 3.3 s with
 * libsodium's WebAssembly.
 */
export class SealWorker {
  private readonly waiting = new Map<
    number,
    { resolve: (crc: number | undefined) => void; reject: (e: Error) => void }
  >()
  private nextJob = 0
  private failure: Error | null = null
  private onEnded: (() => void) | null = null
  private onReady: ((ready: boolean) => void) | null = null
  /** Settles true once the thread can seal, false if it never will (libsodium not found). */
  readonly ready: Promise<boolean>

  private constructor(private readonly worker: Worker) {
    this.ready = new Promise<boolean>((resolve) => {
      this.onReady = resolve
    })
    worker.on('message', (message: SealWorkerMessage) => {
      if (message.ready === true) this.onReady?.(true)
      if (message.unavailable !== undefined) {
        this.failure ??= new Error(`no libsodium on the sealing thread: ${message.unavailable}`)
        this.onReady?.(false)
      }
      if (message.ended === true) this.onEnded?.()
      if (message.job === undefined) return
      this.waiting.get(message.job)?.resolve(message.crc)
      this.waiting.delete(message.job)
    })
    const fail = (error: Error): void => {
      this.failure ??= error
      this.onReady?.(false)
      for (const { reject } of this.waiting.values()) reject(error)
      this.waiting.clear()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => {
      fail(new Error(`the sealing thread exited with ${code}`))
    })
  }

  /**
   * @param sodiumPath null to seal with Node's cipher; else where the thread loads libsodium
   *   from (sodiumModulePath), for a runtime whose Node lacks ChaCha20-Poly1305
   */
  static start(sodiumPath: string | null): SealWorker {
    return new SealWorker(new Worker(WORKER_SOURCE, { eval: true, workerData: { sodiumPath } }))
  }

  /** Whether the thread still answers (it has not failed or exited). */
  get usable(): boolean {
    return this.failure === null
  }

  /**
   * Keeps the process alive while the thread works (`true`), or lets it end while the thread
   * waits for the next file (`false`).
   */
  hold(held: boolean): void {
    if (held) this.worker.ref()
    else this.worker.unref()
  }

  /**
   * The file whose chunks the next jobs seal.
   * @param key the per-file key, 32 bytes (copied)
   * @param header the file's header, the chunks' additional data
   */
  beginFile(key: Uint8Array, header: Uint8Array): void {
    // A compact copy (a view would clone its whole buffer), serialised by postMessage itself,
    // then wiped: the thread's clone is the only copy left.
    const keyCopy = Uint8Array.from(key)
    try {
      this.worker.postMessage({ file: { key: keyCopy, header: Uint8Array.from(header) } })
    } finally {
      keyCopy.fill(0)
    }
  }

  /** The file is sealed: the thread wipes its copy of the key. */
  endFile(): void {
    this.worker.postMessage({ fileEnd: true })
  }

  /**
   * Seals the block in `plain` (its first `plainLength` bytes, one chunk at least) into `out`
   * (chunk i at base + i × sealed chunk size), its chunks numbered from `counter`; the last is
   * flagged last when `last`. Resolves once they are all in `out`, with the CRC-32 of the
   * block's plaintext when `crc` (else undefined). Jobs queue: a thread given the next block
   * before it ends this one goes straight on to it.
   */
  seal(job: {
    plain: SharedArrayBuffer
    plainLength: number
    out: SharedArrayBuffer
    /** where in `out` chunk 0 goes */
    base: number
    counter: number
    last: boolean
    crc?: boolean
  }): Promise<number | undefined> {
    const id = this.nextJob++
    const done = new Promise<number | undefined>((resolve, reject) => {
      if (this.failure !== null) {
        reject(this.failure)
        return
      }
      this.waiting.set(id, { resolve, reject })
    })
    this.worker.postMessage({ ...job, job: id })
    // Awaited by the caller, perhaps after another failure: handled meanwhile.
    done.catch(() => undefined)
    return done
  }

  /** Wipes the worker's copy of the key and ends it. */
  async dispose(): Promise<void> {
    this.waiting.clear()
    if (this.failure === null) {
      const ended = new Promise<void>((resolve) => {
        this.onEnded = resolve
        this.worker.once('exit', () => {
          resolve()
        })
      })
      this.worker.postMessage({ end: true })
      await ended
    }
    await this.worker.terminate()
  }
}
