// A fresh process that unlocks a vault, so nothing the benchmark's own process loaded or
// cached helps. Prints one JSON document on stdout. unlockBench.ts bundles this file with esbuild
// (bundleForBench) into node_modules/.cache/dalel-bench/unlockChild.mjs; Dalel's code comes
// from the separately bundled benchLib.mjs, imported at run time so its import is timed.
//
//   node unlockChild.mjs <benchLib.mjs> <vault dir> measure
//     Vault.open end to end (passphrase from DALEL_PASSPHRASE), the peak RSS right after it,
//     Argon2id alone with the vault's own parameters, then vault.verify().
//   node unlockChild.mjs <benchLib.mjs> <vault dir> argon2
//     Argon2id alone in a process that has run nothing else: libsodium's wasm still runs as
//     V8's baseline (Liftoff) code and its memory has yet to grow, as in a real unlock.
//   node unlockChild.mjs <benchLib.mjs> <vault dir> phases
//     Vault.open with its onPhase hook, each step of the unlock timed, to show where an
//     unlock spends its time (diagnostic; not a table row).
import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

type BenchLib = typeof import('./benchLib')

const [libPath = '', dir = '', mode = 'measure'] = process.argv.slice(2)
const passphrase = process.env.DALEL_PASSPHRASE ?? ''
const now = (): number => performance.now()
const mb = (bytes: number): number => Math.round((bytes / (1024 * 1024)) * 10) / 10

const tImport = now()
const lib = (await import(pathToFileURL(libPath).href)) as BenchLib
const importMs = now() - tImport
const clock = { now: () => new Date() }

/**
 * This process's own peak RSS: VmHWM of /proc/self/status. process.resourceUsage().maxRSS is
 * not used for the measurement: Linux keeps a process's maxrss across execve, and a child
 * that Node spawns starts from a copy of its parent's memory, so a child's maxRSS is at
 * least the parent's RSS at the time of the spawn (measured here: 804 MiB in a child of an
 * 843 MiB parent whose own VmHWM was 43 MiB). VmHWM belongs to the new address space.
 */
function peakRssBytes(): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
    if (match !== null) return Number(match[1]) * 1024
  } catch {
    // not Linux: fall back to maxRSS, with the caveat above
  }
  return process.resourceUsage().maxRSS * 1024
}

function memory(): Record<string, number> {
  const usage = process.memoryUsage()
  return {
    peakRssBytes: peakRssBytes(),
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    rssBytes: usage.rss,
    heapUsedMiB: mb(usage.heapUsed),
    externalMiB: mb(usage.external),
    arrayBuffersMiB: mb(usage.arrayBuffers)
  }
}

/**
 * This machine's limit for verification, measured right beside vault.verify() so that both
 * see the same load: Ed25519 verifications per second on one thread with node:crypto.
 */
function ed25519PerSecond(n = 10_000): number {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const messages = Array.from({ length: n }, () => randomBytes(32))
  const signatures = messages.map((m) => sign(null, m, privateKey))
  let best = 0
  for (let round = 0; round < 2; round++) {
    const t = now()
    // A plain loop, as the limit it measures: nothing but the verifications.
    for (let i = 0; i < n; i++)
      verify(null, messages[i] as Buffer, publicKey, signatures[i] as Buffer)
    best = Math.max(best, n / ((now() - t) / 1000))
  }
  return best
}

/*
 * One thread of the two-core ceiling: signs nothing, verifies its share of the signatures
 * (made by the parent, shared), from a common start signal.
 */
const CEILING_WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const { createPublicKey, verify } = require('node:crypto')
const key = createPublicKey({ key: Buffer.from(workerData.spki), format: 'der', type: 'spki' })
const messages = new Uint8Array(workerData.messages)
const signatures = new Uint8Array(workerData.signatures)
parentPort.postMessage('ready')
parentPort.once('message', () => {
  for (let i = workerData.from; i < workerData.to; i++)
    if (!verify(null, messages.subarray(i * 32, i * 32 + 32), key, signatures.subarray(i * 64, i * 64 + 64)))
      throw new Error('Ed25519 self-check failed')
  parentPort.postMessage('done')
})
`

/**
 * The machine's two-core ceiling, measured: two worker threads verify Ed25519 signatures
 * with node:crypto, nothing else, from a common start (their start-up is not timed). Under
 * load this is what the process can get from the machine at that moment, which is less than
 * twice one thread when the scheduler shares the machine per process group, not per thread.
 * @returns verifications per second of both threads together, and CPU µs per verification
 */
async function ed25519TwoThreads(
  n = 20_000
): Promise<{ perSecond: number; cpuUsPerVerify: number }> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const messages = new Uint8Array(new SharedArrayBuffer(n * 32))
  const signatures = new Uint8Array(new SharedArrayBuffer(n * 64))
  for (let i = 0; i < n; i++) {
    const m = randomBytes(32)
    messages.set(m, i * 32)
    signatures.set(sign(null, m, privateKey), i * 64)
  }
  const spki = publicKey.export({ format: 'der', type: 'spki' })
  const workers = [0, 1].map(
    (w) =>
      new Worker(CEILING_WORKER, {
        eval: true,
        workerData: {
          spki,
          messages: messages.buffer,
          signatures: signatures.buffer,
          from: (w * n) / 2,
          to: ((w + 1) * n) / 2
        }
      })
  )
  const message = (worker: Worker): Promise<unknown> =>
    new Promise((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
    })
  await Promise.all(workers.map(message))
  const done = workers.map(message)
  const t = now()
  // The whole process's CPU time: this thread only waits meanwhile.
  const cpu = process.cpuUsage()
  for (const worker of workers) worker.postMessage('go')
  await Promise.all(done)
  const used = process.cpuUsage(cpu)
  const seconds = (now() - t) / 1000
  await Promise.all(workers.map(async (worker) => worker.terminate()))
  return { perSecond: n / seconds, cpuUsPerVerify: (used.user + used.system) / n }
}

if (mode === 'measure') {
  const t0 = now()
  const vault = await lib.Vault.open(dir, { passphrase }, {}, { clock })
  const openMs = now() - t0
  const afterOpen = memory()
  const entries = vault.count()

  // Argon2id alone, with exactly the parameters the header stores.
  const header = lib.parseVaultHeader(readFileSync(join(dir, lib.VAULT_FILE), 'utf8'))
  const sodium = await lib.loadSodium()
  const t1 = now()
  const kek = sodium.crypto_pwhash(
    32,
    new TextEncoder().encode(passphrase.normalize('NFC')),
    sodium.from_hex(header.kdf.salt),
    header.kdf.opslimit,
    header.kdf.memlimit,
    sodium.crypto_pwhash_ALG_ARGON2ID13
  )
  const argon2Ms = now() - t1
  sodium.memzero(kek)

  // The ceiling right before and right after, so that both see the load verify saw.
  const before = await ed25519TwoThreads()
  const t2 = now()
  const cpu = process.cpuUsage()
  const report = await vault.verify()
  const verifyMs = now() - t2
  const verifyCpu = process.cpuUsage(cpu)
  const after = await ed25519TwoThreads()
  const ed25519 = ed25519PerSecond()
  await vault.close()
  process.stdout.write(
    JSON.stringify({
      importMs,
      openMs,
      argon2Ms,
      kdf: { opslimit: header.kdf.opslimit, memlimit: header.kdf.memlimit },
      entries,
      memoryAfterOpen: afterOpen,
      verify: {
        ms: verifyMs,
        ok: report.ok,
        entries: report.entries,
        problems: report.problems.length,
        // every thread of the process: the workers, and this one's walk of the content
        cpuUsPerEntry: (verifyCpu.user + verifyCpu.system) / Math.max(1, report.entries)
      },
      ed25519PerSecond: ed25519,
      ed25519TwoThreads: {
        perSecond: (before.perSecond + after.perSecond) / 2,
        before: before.perSecond,
        after: after.perSecond,
        cpuUsPerVerify: (before.cpuUsPerVerify + after.cpuUsPerVerify) / 2
      },
      memoryAtEnd: memory()
    })
  )
} else if (mode === 'argon2') {
  const header = lib.parseVaultHeader(readFileSync(join(dir, lib.VAULT_FILE), 'utf8'))
  const t0 = now()
  const sodium = await lib.loadSodium()
  const loadSodiumMs = now() - t0
  const t1 = now()
  const kek = sodium.crypto_pwhash(
    32,
    new TextEncoder().encode(passphrase.normalize('NFC')),
    sodium.from_hex(header.kdf.salt),
    header.kdf.opslimit,
    header.kdf.memlimit,
    sodium.crypto_pwhash_ALG_ARGON2ID13
  )
  const argon2Ms = now() - t1
  sodium.memzero(kek)
  process.stdout.write(JSON.stringify({ importMs, loadSodiumMs, argon2Ms, memory: memory() }))
} else if (mode === 'phases') {
  // Vault.open itself, timed step by step through its onPhase hook (reading the files
  // overlaps Argon2id there, as in every unlock), then the steps of a verify.
  const phases: Record<string, number> = {}
  const rssAfter: Record<string, { rssMiB: number; peakMiB: number }> = {}
  const record = (name: string, ms: number): void => {
    phases[name] = ms
    rssAfter[name] = { rssMiB: mb(process.memoryUsage().rss), peakMiB: mb(peakRssBytes()) }
  }
  const time = async <T>(name: string, fn: () => T | Promise<T>): Promise<T> => {
    const t = now()
    const value = await fn()
    record(name, now() - t)
    return value
  }
  await time('loadSodium', () => lib.loadSodium())
  const vault = await time('open (total)', () =>
    lib.Vault.open(dir, { passphrase }, { onPhase: record }, { clock })
  )
  const rows = await time('countRows', () => vault.count())
  const links = await time('readAllRows', () => [...vault.links()])
  await time('verifySignatures', () => lib.verifySignatures(links, vault.publicKey))
  await vault.close()
  process.stdout.write(JSON.stringify({ importMs, phases, rssAfter, rows, memory: memory() }))
} else {
  process.stderr.write(`unknown mode ${mode}\n`)
  process.exitCode = 2
}
