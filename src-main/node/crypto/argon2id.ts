import { Worker } from 'node:worker_threads'
import type { Sodium } from './loadSodium'
import { sodiumModulePath } from './sodiumModulePath'

export interface Argon2idParams {
  /** the password bytes; the caller wipes them afterwards */
  password: Uint8Array
  /** 16 bytes (crypto_pwhash_SALTBYTES), raw */
  salt: Uint8Array
  opslimit: number
  /** bytes */
  memlimit: number
  /** bytes of key to derive */
  outputBytes: number
}

/*
 * Plain CommonJS passed as source (`eval: true`), so the bundled CLI and the app need no
 * separate worker file; it loads libsodium from the path this module resolved. The password
 * arrives in a transferred buffer (never copied) and is wiped after use; the key leaves the
 * same way.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
function derive(sodium) {
  const password = new Uint8Array(workerData.password)
  try {
    const derived = sodium.crypto_pwhash(workerData.outputBytes, password, new Uint8Array(workerData.salt),
      workerData.opslimit, workerData.memlimit, sodium.crypto_pwhash_ALG_ARGON2ID13)
    const key = new Uint8Array(derived)
    sodium.memzero(derived)
    parentPort.postMessage({ key }, [key.buffer])
  } catch (error) {
    parentPort.postMessage({ failed: String((error && error.message) || error) })
  } finally {
    password.fill(0)
  }
}
let sodium = null
try {
  sodium = require(workerData.sodiumPath)
} catch (error) {
  parentPort.postMessage({ unavailable: String(error) })
}
if (sodium !== null)
  sodium.ready.then(() => derive(sodium), (error) => parentPort.postMessage({ unavailable: String(error) }))
`

type WorkerAnswer = { key: Uint8Array } | { failed: string } | { unavailable: string }

/**
 * Argon2id (crypto_pwhash, ALG_ARGON2ID13) in a short-lived worker thread. libsodium runs in
 * wasm, and a wasm memory grows but never shrinks: run here, MODERATE's 256 MiB would stay
 * in the process for as long as the vault is open. In a worker it is given back when the
 * worker ends, and this thread is free meanwhile (Vault.open reads the vault's files). Where
 * no worker can load libsodium, it runs on this thread instead.
 */
export async function argon2id(sodium: Sodium, params: Argon2idParams): Promise<Uint8Array> {
  const path = sodiumModulePath()
  if (path !== null) {
    const answer = await inWorker(path, params)
    if ('key' in answer) return answer.key
    if ('failed' in answer) throw new Error(`Argon2id failed: ${answer.failed}`)
  }
  return sodium.crypto_pwhash(
    params.outputBytes,
    params.password,
    params.salt,
    params.opslimit,
    params.memlimit,
    sodium.crypto_pwhash_ALG_ARGON2ID13
  )
}

async function inWorker(path: string, params: Argon2idParams): Promise<WorkerAnswer> {
  // A copy of its own, transferred (moved, not copied) to the worker, which wipes it.
  const password = params.password.slice()
  let worker: Worker
  try {
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        sodiumPath: path,
        password: password.buffer,
        salt: params.salt.slice(),
        opslimit: params.opslimit,
        memlimit: params.memlimit,
        outputBytes: params.outputBytes
      },
      transferList: [password.buffer]
    })
  } catch (error) {
    password.fill(0)
    return { unavailable: String(error) }
  }
  try {
    return await new Promise<WorkerAnswer>((resolve) => {
      worker.once('message', (answer: WorkerAnswer) => {
        resolve(answer)
      })
      worker.once('error', (error) => {
        resolve({ unavailable: String(error) })
      })
      worker.once('exit', (code) => {
        resolve({ unavailable: `the worker exited with ${code}` })
      })
    })
  } finally {
    // Ending the worker ends its wasm memory: the 256 MiB go back to the system.
    await worker.terminate()
  }
}
