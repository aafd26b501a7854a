import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { ChainLink } from '../../common/chain/ChainLink'
import { fromHex } from '../../common/encoding/hex'
import { nodeEvidenceCrypto } from './nodeEvidenceCrypto'

/** Below this many signatures, starting workers costs more than it saves. */
const PARALLEL_THRESHOLD = 2000

/*
 * The worker is plain CommonJS passed as source (`eval: true`), so the bundled CLI and the
 * app need no separate worker file. It verifies each Ed25519 signature over the chain hash
 * with OpenSSL and returns the seqs that fail.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { createPublicKey, verify } = require('node:crypto')
const key = createPublicKey({ key: Buffer.from(workerData.spki), format: 'der', type: 'spki' })
const bad = []
const { seqs, chains, signatures } = workerData
for (let i = 0; i < seqs.length; i++) {
  const chain = Buffer.from(chains.buffer, chains.byteOffset + i * 32, 32)
  const signature = Buffer.from(signatures.buffer, signatures.byteOffset + i * 64, 64)
  if (!verify(null, chain, key, signature)) bad.push(seqs[i])
}
parentPort.postMessage(bad)
`

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

/**
 * Checks the Ed25519 signature of every link over its chain hash, spread over the machine's
 * cores; returns the seqs whose signature fails. Malformed hex counts as a failure.
 * @param publicKey 32 bytes raw
 */
export async function verifySignatures(
  links: readonly ChainLink[],
  publicKey: Uint8Array
): Promise<number[]> {
  const crypto = nodeEvidenceCrypto()
  const workers = Math.min(availableParallelism(), 8)
  if (links.length < PARALLEL_THRESHOLD || workers < 2) {
    return links
      .filter(
        (l) => !safeVerify(() => crypto.verify(fromHex(l.signature), fromHex(l.chain), publicKey))
      )
      .map((l) => l.seq)
  }
  const spki = Buffer.concat([ED25519_SPKI_PREFIX, publicKey])
  const per = Math.ceil(links.length / workers)
  const malformed: number[] = []
  const jobs: Promise<number[]>[] = []
  for (let w = 0; w < workers; w++) {
    const slice = links.slice(w * per, (w + 1) * per)
    const seqs: number[] = []
    const chains = new Uint8Array(slice.length * 32)
    const signatures = new Uint8Array(slice.length * 64)
    let n = 0
    for (const link of slice) {
      if (!/^[0-9a-f]{64}$/.test(link.chain) || !/^[0-9a-f]{128}$/.test(link.signature)) {
        malformed.push(link.seq)
        continue
      }
      chains.set(Buffer.from(link.chain, 'hex'), n * 32)
      signatures.set(Buffer.from(link.signature, 'hex'), n * 64)
      seqs.push(link.seq)
      n++
    }
    jobs.push(
      new Promise<number[]>((resolve, reject) => {
        const worker = new Worker(WORKER_SOURCE, {
          eval: true,
          workerData: {
            spki,
            seqs,
            chains: chains.subarray(0, n * 32),
            signatures: signatures.subarray(0, n * 64)
          }
        })
        worker.once('message', (bad: number[]) => {
          resolve(bad)
        })
        worker.once('error', reject)
        worker.once('exit', (code) => {
          if (code !== 0) reject(new Error(`signature worker exited with ${code}`))
        })
      })
    )
  }
  const results = await Promise.all(jobs)
  return [...malformed, ...results.flat()].sort((a, b) => a - b)
}

function safeVerify(check: () => boolean): boolean {
  try {
    return check()
  } catch {
    return false
  }
}
