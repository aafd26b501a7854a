import { createPublicKey, verify } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'

/** Below this many signatures, starting workers costs more than it saves. */
const PARALLEL_THRESHOLD = 2000
/** Signatures a thread claims at a time, and how many the caller hands over at a time. */
const CHUNK = 256

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

/** Slots of the `progress` array shared with the workers. */
const NEXT = 0
const PUBLISHED = 1
const ABORTED = 2

/*
 * Plain CommonJS passed as source (`eval: true`), so the bundled CLI and the app need no
 * separate worker file. Workers and the calling thread share the work through counters in
 * shared memory: each claims the next chunk of signatures, waits until the caller has
 * handed over all of that chunk (it reads them from the vault while the workers verify the
 * ones before), checks each Ed25519 signature over its chain hash with OpenSSL, and marks
 * the ones that fail.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { createPublicKey, verify } = require('node:crypto')
const key = createPublicKey({ key: Buffer.from(workerData.spki), format: 'der', type: 'spki' })
const { count, chunk } = workerData
const chains = new Uint8Array(workerData.chains)
const signatures = new Uint8Array(workerData.signatures)
const progress = new Int32Array(workerData.progress)
const bad = new Uint8Array(workerData.bad)
work: for (;;) {
  const start = Atomics.add(progress, ${NEXT}, chunk)
  if (start >= count) break
  const end = Math.min(count, start + chunk)
  for (;;) {
    if (Atomics.load(progress, ${ABORTED}) === 1) break work
    const published = Atomics.load(progress, ${PUBLISHED})
    if (published >= end) break
    Atomics.wait(progress, ${PUBLISHED}, published)
  }
  for (let i = start; i < end; i++) {
    if (bad[i] === 1) continue
    if (!verify(null, chains.subarray(i * 32, i * 32 + 32), key, signatures.subarray(i * 64, i * 64 + 64)))
      Atomics.store(bad, i, 1)
  }
}
parentPort.postMessage('done')
`

/** What a signature check shares with its workers. */
interface Shared {
  count: number
  chains: Uint8Array
  signatures: Uint8Array
  /** [next chunk to claim, signatures handed over, aborted] */
  progress: Int32Array
  bad: Uint8Array
}

/** Checks the chunks nobody has claimed yet, on this thread (every one is handed over by now). */
function claimAndCheck(shared: Shared, key: KeyObject): void {
  for (;;) {
    const start = Atomics.add(shared.progress, NEXT, CHUNK)
    if (start >= shared.count) return
    for (let i = start; i < Math.min(shared.count, start + CHUNK); i++) {
      if (shared.bad[i] === 1) continue
      const chain = shared.chains.subarray(i * 32, i * 32 + 32)
      const signature = shared.signatures.subarray(i * 64, i * 64 + 64)
      if (!verify(null, chain, key, signature)) Atomics.store(shared.bad, i, 1)
    }
  }
}

/**
 * A check of `count` Ed25519 signatures over their chain hashes, handed over one at a time
 * in order (`add`) while worker threads verify those already given: verification reads each
 * row of the vault once, and the workers start on the first rows while the rest are read.
 * `finish` has the calling thread take what is left, then gives the seqs whose signature
 * fails (malformed ones count as failures).
 */
export class SignatureCheck {
  private added = 0
  private readonly seqs: number[] = []

  private constructor(
    private readonly shared: Shared,
    private readonly key: KeyObject | null,
    private readonly workers: Promise<void>[]
  ) {}

  /**
   * @param count exactly how many signatures `add` will be given
   * @param publicKey 32 bytes raw
   */
  static start(count: number, publicKey: Uint8Array): SignatureCheck {
    const spki = Buffer.concat([ED25519_SPKI_PREFIX, publicKey])
    let key: KeyObject | null = null
    try {
      key = createPublicKey({ key: spki, format: 'der', type: 'spki' })
    } catch {
      // Not a public key at all: no signature verifies under it.
    }
    const parallel =
      key !== null && count >= PARALLEL_THRESHOLD ? Math.min(availableParallelism(), 8) : 0
    const memory = (bytes: number) =>
      parallel >= 2 ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes)
    const shared: Shared = {
      count,
      chains: new Uint8Array(memory(count * 32)),
      signatures: new Uint8Array(memory(count * 64)),
      progress: new Int32Array(memory(3 * 4)),
      bad: new Uint8Array(memory(count))
    }
    const workers: Promise<void>[] = []
    if (parallel >= 2) {
      for (let w = 0; w < parallel; w++) {
        const done = new Promise<void>((resolve, reject) => {
          const worker = new Worker(WORKER_SOURCE, {
            eval: true,
            workerData: {
              spki,
              count,
              chunk: CHUNK,
              chains: shared.chains.buffer,
              signatures: shared.signatures.buffer,
              progress: shared.progress.buffer,
              bad: shared.bad.buffer
            }
          })
          worker.once('message', () => {
            resolve()
          })
          worker.once('error', reject)
          worker.once('exit', (code) => {
            if (code !== 0) reject(new Error(`signature worker exited with ${code}`))
          })
        })
        // Awaited in finish; marked handled meanwhile, so a failure is not fatal before then.
        done.catch(() => undefined)
        workers.push(done)
      }
    }
    return new SignatureCheck(shared, key, workers)
  }

  /**
   * The next signature to check, in the order of `start`'s count.
   * @param chain 32 bytes raw, or null when the stored hash is malformed
   * @param signature 64 bytes raw, or null when the stored signature is malformed
   */
  add(seq: number, chain: Uint8Array | null, signature: Uint8Array | null): void {
    const i = this.added
    if (i >= this.shared.count)
      throw new RangeError('more signatures than the check was started for')
    this.seqs.push(seq)
    if (this.key === null || chain?.length !== 32 || signature?.length !== 64)
      this.shared.bad[i] = 1
    else {
      this.shared.chains.set(chain, i * 32)
      this.shared.signatures.set(signature, i * 64)
    }
    this.added = i + 1
    if (this.added % CHUNK === 0) this.publish(this.added)
  }

  private publish(upTo: number): void {
    Atomics.store(this.shared.progress, PUBLISHED, upTo)
    if (this.workers.length > 0) Atomics.notify(this.shared.progress, PUBLISHED)
  }

  /** The seqs whose signature does not verify, ascending; every signature is checked first. */
  async finish(): Promise<number[]> {
    // Fewer than announced: the slots never given stay failed, and have no seq to report.
    for (let i = this.added; i < this.shared.count; i++) this.shared.bad[i] = 1
    this.publish(this.shared.count)
    if (this.key !== null) claimAndCheck(this.shared, this.key)
    await Promise.all(this.workers)
    const failed: number[] = []
    for (let i = 0; i < this.added; i++) {
      const seq = this.seqs[i]
      if (Atomics.load(this.shared.bad, i) === 1 && seq !== undefined) failed.push(seq)
    }
    return failed.sort((a, b) => a - b)
  }

  /** Stops the workers without a result (the caller failed before handing everything over). */
  async abort(): Promise<void> {
    Atomics.store(this.shared.progress, ABORTED, 1)
    this.publish(this.shared.count)
    await Promise.allSettled(this.workers)
  }
}

/** Raw bytes of lowercase hex of exactly `bytes` bytes, or null for anything else. */
function rawHex(text: string, bytes: number): Uint8Array | null {
  return text.length === bytes * 2 && /^[0-9a-f]*$/.test(text) ? Buffer.from(text, 'hex') : null
}

/**
 * Checks the Ed25519 signature of every link over its chain hash, spread over the machine's
 * cores; returns the seqs whose signature fails. Malformed hex counts as a failure.
 * @param publicKey 32 bytes raw
 */
export async function verifySignatures(
  links: readonly { seq: number; chain: string; signature: string }[],
  publicKey: Uint8Array
): Promise<number[]> {
  const check = SignatureCheck.start(links.length, publicKey)
  for (const link of links) check.add(link.seq, rawHex(link.chain, 32), rawHex(link.signature, 64))
  return check.finish()
}
