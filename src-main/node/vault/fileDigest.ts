import { createHash } from 'node:crypto'
import type { BigIntStats } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import { DalelError } from '../../common/errors/DalelError'
import { fsError } from '../fs/fsError'
import { openRegularFile } from '../fs/openRegularFile'
import { BLOCK_BYTES, readBlock } from './readBlock'

/**
 * A file hashed before it is sealed (the CLI hashes while Argon2id derives the key): its
 * SHA-256, and what sealing checks block by block to be sure it seals the same bytes.
 */
export interface FileDigest {
  /** the path as given; sealing is only ever told the digest of the same path */
  path: string
  /** 32 bytes raw */
  sha256: Uint8Array
  size: number
  /**
   * CRC-32 of each BLOCK_BYTES block of the file, in order. Sealing recomputes them (at
   * ~4 GB/s, a sixth of SHA-256's cost and a tenth of the cipher's) and refuses the file on
   * the first difference, so bytes other than the hashed ones are never sealed under its hash.
   */
  blockCrcs: number[]
  /** the file as it stood when hashed: a file replaced or touched since is refused too */
  identity: FileIdentity
}

/** What stat says about a file that changes when it is written or replaced. */
export interface FileIdentity {
  dev: bigint
  ino: bigint
  size: bigint
  mtimeNs: bigint
  ctimeNs: bigint
}

export function fileIdentity(stats: BigIntStats): FileIdentity {
  return {
    dev: stats.dev,
    ino: stats.ino,
    size: stats.size,
    mtimeNs: stats.mtimeNs,
    ctimeNs: stats.ctimeNs
  }
}

export function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return (
    a.dev === b.dev &&
    a.ino === b.ino &&
    a.size === b.size &&
    a.mtimeNs === b.mtimeNs &&
    a.ctimeNs === b.ctimeNs
  )
}

/** The error for a file that is not what was hashed: nothing of it is stored. */
export function fileChanged(path: string): DalelError {
  return new DalelError('file-changed', { path })
}

/** The opened file's identity now. */
export async function identityOf(handle: FileHandle, path: string): Promise<FileIdentity> {
  try {
    return fileIdentity(await handle.stat({ bigint: true }))
  } catch (error) {
    throw fsError(error, path)
  }
}

/** Buffer k of a pair used in turn. */
function bufferOf(pair: readonly Uint8Array[], k: number): Uint8Array {
  const buffer = pair[k % pair.length]
  if (buffer === undefined) throw new RangeError('no buffers')
  return buffer
}

/**
 * Reads an ordinary file once and gives its SHA-256 and block checks (FileDigest). Two
 * blocks: the next one is read while this one is hashed. `signal` stops it between blocks
 * (rejecting with the signal's reason).
 */
export async function digestFile(path: string, signal?: AbortSignal): Promise<FileDigest> {
  let handle: FileHandle
  try {
    ;({ handle } = await openRegularFile(path))
  } catch (error) {
    throw fsError(error, path)
  }
  const blocks = [new Uint8Array(BLOCK_BYTES), new Uint8Array(BLOCK_BYTES)]
  let reading: Promise<number> = Promise.resolve(0)
  try {
    const before = await identityOf(handle, path)
    const hash = createHash('sha256')
    const blockCrcs: number[] = []
    let size = 0
    let k = 0
    reading = readBlock(handle, bufferOf(blocks, 0), path)
    for (;;) {
      const length = await reading
      signal?.throwIfAborted()
      const block = bufferOf(blocks, k).subarray(0, length)
      if (length === BLOCK_BYTES) reading = readBlock(handle, bufferOf(blocks, k + 1), path)
      if (length > 0 || k === 0) {
        hash.update(block)
        blockCrcs.push(crc32(block))
        size += length
      }
      if (length < BLOCK_BYTES) break
      k++
    }
    // A file written while it was read may have been read half old, half new.
    if (!sameIdentity(before, await identityOf(handle, path))) throw fileChanged(path)
    return { path, sha256: new Uint8Array(hash.digest()), size, blockCrcs, identity: before }
  } finally {
    await reading.catch(() => undefined)
    for (const block of blocks) block.fill(0)
    await handle.close()
  }
}
