import { createPublicKey, verify } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'

/** Below this many signatures, starting workers costs more than it saves. */
const PARALLEL_THRESHOLD = 2000
/** Signatures a thread claims at a time. */
const CHUNK = 256

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

/*
 * Plain CommonJS passed as source (`eval: true`), so the bundled CLI and the app need no
 * separate worker file. Workers and the calling thread share the work through one counter
 * in shared memory: each claims the next chunk of signatures until none is left, checks each
 * Ed25519 signature over its chain hash with OpenSSL, and marks the ones that fail.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { createPublicKey, verify } = require('node:crypto')
const key = createPublicKey({ key: Buffer.from(workerData.spki), format: 'der', type: 'spki' })
const { count, chunk } = workerData
const chains = new Uint8Array(workerData.chains)
const signatures = new Uint8Array(workerData.signatures)
const next = new Int32Array(workerData.next)
const bad = new Uint8Array(workerData.bad)
for (;;) {
  const start = Atomics.add(next, 0, chunk)
  if (start >= count) break
  for (let i = start; i < Math.min(count, start + chunk); i++) {
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
  next: Int32Array
  bad: Uint8Array
}

/** Checks the chunks nobody has claimed yet, on this thread. */
function claimAndCheck(shared: Shared, key: KeyObject): void {
  for (;;) {
    const start = Atomics.add(shared.next, 0, CHUNK)
    if (start >= shared.count) return
    for (let i = start; i < Math.min(shared.count, start + CHUNK); i++) {
      const chain = shared.chains.subarray(i * 32, i * 32 + 32)
      const signature = shared.signatures.subarray(i * 64, i * 64 + 64)
      if (!verify(null, chain, key, signature)) Atomics.store(shared.bad, i, 1)
    }
  }
}

/**
 * A check of every link's Ed25519 signature over its chain hash, begun on worker threads as
 * soon as it is created; `finish` has the calling thread take what is left, then gives the
 * seqs whose signature fails (malformed hex counts as a failure). Verification starts it
 * first and walks the rest of the vault meanwhile.
 */
export class SignatureCheck {
  private constructor(
    private readonly seqs: readonly number[],
    private readonly shared: Shared,
    private readonly key: KeyObject | null,
    private readonly workers: Promise<void>[]
  ) {}

  /** @param publicKey 32 bytes raw */
  static start(
    links: readonly { seq: number; chain: string; signature: string }[],
    publicKey: Uint8Array
  ): SignatureCheck {
    const spki = Buffer.concat([ED25519_SPKI_PREFIX, publicKey])
    let key: KeyObject | null = null
    try {
      key = createPublicKey({ key: spki, format: 'der', type: 'spki' })
    } catch {
      // Not a public key at all: no signature verifies under it.
    }
    const count = links.length
    const parallel =
      key !== null && count >= PARALLEL_THRESHOLD ? Math.min(availableParallelism(), 8) : 0
    const memory = (bytes: number) =>
      parallel >= 2 ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes)
    const shared: Shared = {
      count,
      chains: new Uint8Array(memory(count * 32)),
      signatures: new Uint8Array(memory(count * 64)),
      next: new Int32Array(memory(4)),
      bad: new Uint8Array(memory(count))
    }
    const seqs: number[] = []
    links.forEach((link, i) => {
      seqs.push(link.seq)
      if (
        key === null ||
        !/^[0-9a-f]{64}$/.test(link.chain) ||
        !/^[0-9a-f]{128}$/.test(link.signature)
      ) {
        shared.bad[i] = 1
        return
      }
      shared.chains.set(Buffer.from(link.chain, 'hex'), i * 32)
      shared.signatures.set(Buffer.from(link.signature, 'hex'), i * 64)
    })
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
              next: shared.next.buffer,
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
    return new SignatureCheck(seqs, shared, key, workers)
  }

  async finish(): Promise<number[]> {
    if (this.key !== null) claimAndCheck(this.shared, this.key)
    await Promise.all(this.workers)
    const failed: number[] = []
    for (let i = 0; i < this.shared.count; i++) {
      const seq = this.seqs[i]
      if (Atomics.load(this.shared.bad, i) === 1 && seq !== undefined) failed.push(seq)
    }
    return failed.sort((a, b) => a - b)
  }
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
  return SignatureCheck.start(links, publicKey).finish()
}
