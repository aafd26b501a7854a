import { Worker } from 'node:worker_threads'
import { STREAM_CHUNK_BYTES, STREAM_TAG_BYTES } from './streamCipher'

/*
 * Plain CommonJS passed as source (`eval: true`), so the bundled CLI and the app need no
 * separate worker file. It seals chunks of a plaintext block in shared memory into their
 * places in a shared output block, exactly as streamCipher's sealChunk does (the same nonce:
 * an 11-byte big-endian counter and a last-chunk flag; the same header as additional data);
 * sealedFile.test opens what both seal with streamCipher.openChunk. The per-file key reaches the
 * worker as workerData's one structured-clone copy (the caller's compact copy is wiped once the
 * Worker constructor has serialised it), and that copy is wiped when the worker is told to end.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { createCipheriv } = require('node:crypto')
const key = workerData.key
const header = Buffer.from(workerData.header)
const CHUNK = ${STREAM_CHUNK_BYTES}
const TAG = ${STREAM_TAG_BYTES}
parentPort.on('message', (m) => {
  if (m.end) {
    key.fill(0)
    parentPort.postMessage({ ended: true })
    return
  }
  const plain = new Uint8Array(m.plain, 0, m.plainLength)
  const out = new Uint8Array(m.out)
  for (let i = m.from; i < m.to; i++) {
    const nonce = Buffer.alloc(12)
    nonce.writeUIntBE(m.counter + i, 5, 6)
    nonce[11] = m.last && i === m.to - 1 ? 1 : 0
    const piece = plain.subarray(i * CHUNK, Math.min((i + 1) * CHUNK, m.plainLength))
    const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG })
    cipher.setAAD(header, { plaintextLength: piece.length })
    const body = cipher.update(piece)
    cipher.final()
    out.set(body, m.base + i * (CHUNK + TAG))
    out.set(cipher.getAuthTag(), m.base + i * (CHUNK + TAG) + piece.length)
  }
  parentPort.postMessage({ job: m.job })
})
`

/**
 * Seals part of each block on another thread while other threads seal the rest: STREAM chunks
 * are independent (each has its own nonce), so a block's chunks can be sealed in any order
 * and on any thread. ChaCha20-Poly1305 is the largest cost of storing a large attachment
 * (about 0.8 s of CPU per GiB here, one thread).
 */
export class SealWorker {
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>()
  private nextJob = 0
  private failure: Error | null = null
  private onEnded: (() => void) | null = null

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: { job?: number; ended?: boolean }) => {
      if (message.ended === true) this.onEnded?.()
      if (message.job === undefined) return
      this.waiting.get(message.job)?.resolve()
      this.waiting.delete(message.job)
    })
    const fail = (error: Error): void => {
      this.failure ??= error
      for (const { reject } of this.waiting.values()) reject(error)
      this.waiting.clear()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => {
      fail(new Error(`the sealing thread exited with ${code}`))
    })
  }

  /** @param key the per-file key, 32 bytes (copied) @param header the file's header, the chunks' additional data */
  static start(key: Uint8Array, header: Uint8Array): SealWorker {
    // A compact copy (a view would clone its whole buffer), serialised by the constructor
    // itself, then wiped: the worker's clone is the only copy left, wiped at dispose.
    const keyCopy = Uint8Array.from(key)
    try {
      return new SealWorker(
        new Worker(WORKER_SOURCE, {
          eval: true,
          workerData: { key: keyCopy, header: Uint8Array.from(header) }
        })
      )
    } finally {
      keyCopy.fill(0)
    }
  }

  /**
   * Seals chunks [from, to) of the block in `plain` (its first `plainLength` bytes) into
   * their places in `out` (chunk i at base + i × sealed chunk size), numbered from `counter`; the
   * chunk to - 1 is flagged last when `last`. Resolves once they are all in `out`.
   */
  seal(job: {
    plain: SharedArrayBuffer
    plainLength: number
    out: SharedArrayBuffer
    /** where in `out` chunk 0 goes */
    base: number
    from: number
    to: number
    counter: number
    last: boolean
  }): Promise<void> {
    const id = this.nextJob++
    const done = new Promise<void>((resolve, reject) => {
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
