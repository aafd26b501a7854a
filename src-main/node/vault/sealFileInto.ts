import { createHash } from 'node:crypto'
import type { FileHandle } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import type { Sodium } from '../crypto/loadSodium'
import { SealWorker } from '../crypto/SealWorker'
import { Sha256Worker } from '../crypto/Sha256Worker'
import {
  SEALED_CHUNK_BYTES,
  STREAM_CHUNK_BYTES,
  STREAM_TAG_BYTES,
  sealChunk
} from '../crypto/streamCipher'
import type { StreamPurpose } from '../crypto/streamCipher'
import { DIRECT_ALIGN, DirectWriter } from '../fs/DirectWriter'
import { fsError } from '../fs/fsError'
import { openRegularFile } from '../fs/openRegularFile'
import { writeAll } from '../fs/durable'
import { fileChanged, identityOf, sameIdentity } from './fileDigest'
import type { FileDigest } from './fileDigest'
import { BLOCK_BYTES, BLOCK_CHUNKS, readBlock } from './readBlock'
import { SEALED_BLOCK_BYTES, at, newHeader, sealRange, writeAllParts } from './sealedFile'
import { fileKey } from './vaultKeys'

/** Every this many blocks (64 MiB) written, sealFileInto starts an fdatasync in the background. */
const FLUSH_EVERY_BLOCKS = 16
/**
 * From this size on, an attachment is hashed on another thread while it is encrypted. Below
 * it, starting the thread (~20 ms) costs more than hashing inline saves.
 */
const PARALLEL_HASH_BYTES = 32 * 1024 * 1024

/**
 * Two page-aligned buffers a large file's sealed blocks go out from (DirectWriter), each with
 * room in front for the bytes the block before left under a page. They hold ciphertext only,
 * and are kept for the next file: each is a WebAssembly memory, costly to map every time.
 */
const spareOuts: Uint8Array[][] = []
const OUT_BYTES = DIRECT_ALIGN + SEALED_BLOCK_BYTES

/**
 * Seals the file at `sourcePath` into an open (temporary) file in one pass, computing the
 * plaintext's SHA-256 on the way. Reading the next block, hashing (on another thread for a
 * large file), sealing (half of a large file's block on a second thread, SealWorker) and
 * writing the previous block all overlap. Whether a block ends the
 * file is known only once the next read comes back empty, so a full block's last chunk is
 * sealed after that read.
 *
 * With `expected` (the file hashed beforehand, digestFile), nothing is hashed here: each
 * block's CRC-32 must match the one recorded when the file was hashed, and the file must
 * still be the same file (stat) at the start and at the end, or it is refused with
 * `file-changed` and nothing is kept — a file that changed between hashing and sealing is
 * never stored under a hash of other bytes.
 */
export async function sealFileInto(
  sodium: Sodium,
  sourcePath: string,
  handle: FileHandle,
  handlePath: string,
  purposeKey: Uint8Array,
  purpose: StreamPurpose,
  /** told the plaintext bytes sealed and written so far, after each block (4 MiB) */
  onBytes?: (bytesDone: number) => void,
  expected?: FileDigest
): Promise<{ sha256: Uint8Array; size: number }> {
  let source: FileHandle
  let sourceSize: number
  try {
    // An ordinary file only: a FIFO would hang here, /dev/zero would fill the disk.
    ;({ handle: source, size: sourceSize } = await openRegularFile(sourcePath))
  } catch (error) {
    throw fsError(error, sourcePath)
  }
  if (
    expected !== undefined &&
    !sameIdentity(expected.identity, await identityOf(source, sourcePath))
  ) {
    await source.close()
    throw fileChanged(sourcePath)
  }
  const header = newHeader(purpose, 0)
  const key = fileKey(sodium, purposeKey, header.subarray(16))
  const parallel = sourceSize >= PARALLEL_HASH_BYTES
  const worker = expected === undefined && parallel ? Sha256Worker.start() : null
  const inline = worker === null && expected === undefined ? createHash('sha256') : null
  // A large file's blocks are sealed half here, half on a second thread, and written past
  // the page cache where the file system allows it (DirectWriter).
  const sealer = parallel ? SealWorker.start(key, header) : null
  const outs =
    sealer === null
      ? []
      : (spareOuts.pop() ?? [0, 1].map(() => new Uint8Array(DirectWriter.alignedBuffer(OUT_BYTES))))
  let writer: DirectWriter | null = null
  // Three blocks: one being read, one being sealed, one still being hashed.
  const memories = [0, 1, 2].map(() =>
    parallel ? new SharedArrayBuffer(BLOCK_BYTES) : new ArrayBuffer(BLOCK_BYTES)
  )
  const blocks = memories.map((memory) => new Uint8Array(memory))
  const hashed: Promise<void>[] = [Promise.resolve(), Promise.resolve(), Promise.resolve()]
  let writing: Promise<void> = Promise.resolve()
  let reading: Promise<number> = Promise.resolve(0)
  let flushing: Promise<void> = Promise.resolve()
  const flushed: { idle: boolean; error: unknown } = { idle: true, error: null }
  const flush = async () => {
    flushed.idle = false
    try {
      await handle.datasync()
    } catch (error) {
      flushed.error ??= error
    } finally {
      flushed.idle = true
    }
  }
  /**
   * Seals one block into `out` from `base` on, the second half of its chunks on the sealing
   * thread, the first half and (once the next read says whether it ends the file) a full
   * block's last chunk here; gives where the sealed block ends in `out` and the next block's
   * length.
   */
  const sealShared = async (
    thread: SealWorker,
    out: Uint8Array,
    base: number,
    memory: SharedArrayBuffer,
    length: number,
    counter: number
  ): Promise<{ end: number; nextLength: number }> => {
    const full = length === BLOCK_BYTES
    const chunks = Math.max(1, Math.ceil(length / STREAM_CHUNK_BYTES))
    const sure = full ? chunks - 1 : chunks
    const half = Math.ceil(sure / 2)
    if (!(out.buffer instanceof SharedArrayBuffer)) throw new TypeError('unshared output block')
    const away = thread.seal({
      plain: memory,
      plainLength: length,
      out: out.buffer,
      base,
      from: half,
      to: sure,
      counter,
      last: !full
    })
    const plain = new Uint8Array(memory, 0, length)
    const sealHere = (i: number, last: boolean): void => {
      const piece = plain.subarray(
        i * STREAM_CHUNK_BYTES,
        Math.min((i + 1) * STREAM_CHUNK_BYTES, length)
      )
      const { body, tag } = sealChunk(key, header, counter + i, last, piece)
      out.set(body, base + i * SEALED_CHUNK_BYTES)
      out.set(tag, base + i * SEALED_CHUNK_BYTES + piece.length)
    }
    for (let i = 0; i < half; i++) sealHere(i, !full && i === sure - 1)
    const nextLength = full ? await reading : 0
    if (full) sealHere(chunks - 1, nextLength === 0)
    await away
    const lastPiece = length - (chunks - 1) * STREAM_CHUNK_BYTES
    return {
      end: base + (chunks - 1) * SEALED_CHUNK_BYTES + lastPiece + STREAM_TAG_BYTES,
      nextLength
    }
  }
  try {
    // Bytes at the front of the next output block still to be written: the header first.
    let carry = 0
    if (sealer === null) await writeAll(handle, header, handlePath)
    else {
      writer = await DirectWriter.open(handle, handlePath)
      at(outs, 0).set(header)
      carry = header.length
    }
    let size = 0
    let counter = 0
    let k = 0
    let length = await readBlock(source, at(blocks, 0), sourcePath)
    for (;;) {
      const block = at(blocks, k).subarray(0, length)
      const full = length === BLOCK_BYTES
      if (full) {
        // The block read next goes where block k - 2 was: its hashing must be over.
        await at(hashed, k + 1)
        reading = readBlock(source, at(blocks, k + 1), sourcePath)
      }
      const memory = at(memories, k)
      if (expected !== undefined) {
        if (expected.blockCrcs[k] !== crc32(block)) throw fileChanged(sourcePath)
      } else if (worker !== null && memory instanceof SharedArrayBuffer)
        hashed[k % 3] = worker.update(memory, length)
      else inline?.update(block)
      size += length
      // Every chunk but the last of a full block can be sealed before the next read is back.
      let nextLength: number
      let write: () => Promise<void>
      if (sealer !== null && writer !== null && memory instanceof SharedArrayBuffer) {
        const out = at(outs, k)
        const next = at(outs, k + 1)
        const large = writer
        let end: number
        ;({ end, nextLength } = await sealShared(sealer, out, carry, memory, length, counter))
        // `next` held the block before, whose write is awaited before this one starts.
        write = () => {
          const started = large.write(out, end, next)
          carry = started.carry
          return started.done
        }
      } else {
        const sure = full ? BLOCK_BYTES - STREAM_CHUNK_BYTES : length
        const parts = sealRange(key, header, block.subarray(0, sure), counter, !full)
        nextLength = full ? await reading : 0
        if (full)
          parts.push(
            ...sealRange(
              key,
              header,
              block.subarray(sure),
              counter + BLOCK_CHUNKS - 1,
              nextLength === 0
            )
          )
        write = () => writeAllParts(handle, parts, handlePath)
      }
      counter += BLOCK_CHUNKS
      await writing
      // Every block before this one is written now.
      if (onBytes !== undefined && size > length) onBytes(size - length)
      writing = write()
      // Awaited before the next write; a failure meanwhile (a full disk) is not unhandled.
      writing.catch(() => undefined)
      // Hand what is written so far to the disk now, on another thread, rather than all of
      // it in the caller's final fsync: the disk works while the rest is encrypted. The
      // file system starts this by itself only when a tenth of memory is dirty. Direct
      // writes are at the disk already.
      if (
        k % FLUSH_EVERY_BLOCKS === FLUSH_EVERY_BLOCKS - 1 &&
        flushed.idle &&
        writer?.isDirect !== true
      )
        flushing = flush()
      if (!full || nextLength === 0) break
      length = nextLength
      k++
    }
    await writing
    await writer?.end(at(outs, k + 1), carry)
    onBytes?.(size)
    await flushing
    // Linux reports a write-back error to one fsync only: one seen here must fail the
    // attachment, or the caller's fsync could succeed over lost data.
    if (flushed.error !== null) throw fsError(flushed.error, handlePath)
    if (expected !== undefined) {
      // Appended to or cut since it was hashed, or written to in a block already sealed.
      if (
        size !== expected.size ||
        k + 1 !== expected.blockCrcs.length ||
        !sameIdentity(expected.identity, await identityOf(source, sourcePath))
      )
        throw fileChanged(sourcePath)
      return { sha256: expected.sha256, size }
    }
    const sha256 = worker === null ? (inline?.digest() ?? new Uint8Array(0)) : await worker.digest()
    return { sha256: new Uint8Array(sha256), size }
  } finally {
    await writing.catch(() => undefined)
    await reading.catch(() => undefined)
    await flushing
    await writer?.close().catch(() => undefined)
    if (outs.length > 0 && spareOuts.length === 0) spareOuts.push(outs)
    await worker?.dispose().catch(() => undefined)
    await sealer?.dispose().catch(() => undefined)
    // The attachment's plaintext does not stay in memory after it is sealed.
    for (const block of blocks) block.fill(0)
    sodium.memzero(key)
    await source.close()
  }
}
