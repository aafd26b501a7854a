// File helpers shared by the attach, export and backup benchmarks: random input files, the
// machine's own copy limits (read, SHA-256, write, fsync — no Dalel code), the bytes a
// directory holds, and the sampling profiler.
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
import type { Profiler } from 'node:inspector'
import { join } from 'node:path'
import { MiB } from './benchUtil'

const COPY_BUFFER = 4 * MiB

function writeFully(fd: number, buffer: Uint8Array, length: number): void {
  let offset = 0
  while (offset < length) offset += writeSync(fd, buffer, offset, length - offset)
}

/** A file of `bytes` random bytes, fsynced, so its write-back lands in no timed run. */
export function makeRandomFile(path: string, bytes: number): void {
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
export function rawHashAndCopy(
  sources: readonly string[],
  out: string
): { bytes: number; digests: string[] } {
  const buffer = Buffer.allocUnsafe(COPY_BUFFER)
  const fdOut = openSync(out, 'w', 0o600)
  let bytes = 0
  const digests: string[] = []
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
export function syncDisks(): void {
  spawnSync('sync')
}

/**
 * What a directory holds, counted two ways: the sum of its regular files' sizes (what a
 * backup writes), and the blocks allocated (what `du` reports), both in bytes.
 */
export function directoryBytes(dir: string): {
  files: number
  apparent: number
  allocated: number
} {
  let files = 0
  let apparent = 0
  let allocated = 0
  const walk = (path: string): void => {
    let names: string[]
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
export function du(dir: string): { apparent: number | null; allocated: number | null } {
  const run = (flag: string): number | null => {
    const result = spawnSync('du', ['-s', flag, dir], { encoding: 'utf8' })
    return result.status === 0 ? Number(result.stdout.split(/\s/)[0]) : null
  }
  return { apparent: run('-b'), allocated: run('-B1') }
}

/** Runs `fn` under the inspector's sampling profiler; returns its result and the profile. */
export async function profiled<T>(
  fn: () => Promise<T>,
  intervalUs = 200
): Promise<{ result: T; profile: Profiler.Profile }> {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs })
  await session.post('Profiler.start')
  try {
    const result = await fn()
    const { profile } = await session.post('Profiler.stop')
    return { result, profile }
  } finally {
    session.disconnect()
  }
}
