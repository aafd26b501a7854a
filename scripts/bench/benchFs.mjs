// File helpers shared by the export and backup benchmarks: random input files, the machine's
// own copy limits (read, SHA-256, write, fsync — no Dalel code), the bytes a directory holds,
// and the bundle of Dalel's code they call.
import { createHash, randomFillSync } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import {
  closeSync,
  fsyncSync,
  lstatSync,
  openSync,
  readSync,
  readdirSync,
  writeSync
} from 'node:fs'
import { Session } from 'node:inspector/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { bundleForBench } from './benchUtil.mjs'

export const MiB = 1024 * 1024
const COPY_BUFFER = 4 * MiB

/**
 * Bundles what the export and backup benchmarks call in Dalel's code, with esbuild, as the CLI
 * is bundled (dependencies stay external and resolve from node_modules).
 */
export async function bundleVaultLib() {
  const outfile = await bundleForBench({
    name: 'vaultBenchLib.mjs',
    contents: [
      "export { Vault } from './src-main/node/vault/Vault'",
      "export { VaultService } from './src-main/node/services/VaultService'",
      "export { TEST_KDF } from './src-main/node/testing/testVault'",
      "export { verifyBundle } from './src-main/node/bundle/verifyBundle'",
      "export { verifyBackup } from './src-main/node/backup/verifyBackup'",
      "export { nodeBackupIo } from './src-main/node/backup/backupIo'"
    ].join('\n'),
    sourcemap: true
  })
  return import(pathToFileURL(outfile).href)
}

function writeFully(fd, buffer, length) {
  let offset = 0
  while (offset < length) offset += writeSync(fd, buffer, offset, length - offset)
}

/** A file of `bytes` random bytes, fsynced, so its write-back lands in no timed run. */
export function makeRandomFile(path, bytes) {
  const fd = openSync(path, 'w', 0o600)
  try {
    const chunk = Buffer.alloc(16 * MiB)
    for (let written = 0; written < bytes;) {
      const n = Math.min(chunk.length, bytes - written)
      randomFillSync(chunk, 0, n)
      writeFully(fd, chunk, n)
      written += n
    }
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/**
 * The machine's limit for "hash it and copy it": each source read in 4 MiB blocks, hashed
 * with node:crypto's SHA-256, written into `out` one after another, and `out` fsynced once at
 * the end (as a zip is). Synchronous calls: nothing of Dalel's, no stream machinery.
 * @returns the bytes copied and the hex digest of each source
 */
export function rawHashAndCopy(sources, out) {
  const buffer = Buffer.allocUnsafe(COPY_BUFFER)
  const fdOut = openSync(out, 'w', 0o600)
  let bytes = 0
  const digests = []
  try {
    for (const source of sources) {
      const fd = openSync(source, 'r')
      const hash = createHash('sha256')
      try {
        for (;;) {
          const n = readSync(fd, buffer, 0, buffer.length, null)
          if (n === 0) break
          hash.update(buffer.subarray(0, n))
          writeFully(fdOut, buffer, n)
          bytes += n
        }
      } finally {
        closeSync(fd)
      }
      digests.push(hash.digest('hex'))
    }
    fsyncSync(fdOut)
  } finally {
    closeSync(fdOut)
  }
  return { bytes, digests }
}

/** Writes dirty pages back, so one measurement's write-back does not land in the next. */
export function syncDisks() {
  spawnSync('sync')
}

/**
 * What a directory holds, counted two ways: the sum of its regular files' sizes (what a
 * backup writes), and the blocks allocated (what `du` reports), both in bytes.
 */
export function directoryBytes(dir) {
  let files = 0
  let apparent = 0
  let allocated = 0
  const walk = (path) => {
    let names
    try {
      names = readdirSync(path)
    } catch {
      return
    }
    for (const name of names) {
      const child = join(path, name)
      const st = lstatSync(child)
      if (st.isDirectory()) walk(child)
      else if (st.isFile()) {
        files++
        apparent += st.size
        allocated += st.blocks * 512
      }
    }
  }
  walk(dir)
  return { files, apparent, allocated }
}

/** `du -sb` and `du -sB1` of a directory (apparent size and allocated bytes), as a cross-check. */
export function du(dir) {
  const run = (flag) => {
    const result = spawnSync('du', ['-s', flag, dir], { encoding: 'utf8' })
    return result.status === 0 ? Number(result.stdout.split(/\s/)[0]) : null
  }
  return { apparent: run('-b'), allocated: run('-B1') }
}

/** Runs `fn` under the inspector's sampling profiler; returns its result and the profile. */
export async function profiled(fn) {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 200 })
  await session.post('Profiler.start')
  try {
    const result = await fn()
    const { profile } = await session.post('Profiler.stop')
    return { result, profile }
  } finally {
    session.disconnect()
  }
}

/** min, median, max of a list, for the spread a noisy machine gives. */
export function spread(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median =
    sorted.length === 0
      ? NaN
      : sorted.length % 2 === 1
        ? sorted[mid]
        : (sorted[mid - 1] + sorted[mid]) / 2
  return { min: sorted[0] ?? NaN, median, max: sorted.at(-1) ?? NaN }
}
