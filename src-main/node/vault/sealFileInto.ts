import { createHash } from 'node:crypto'
import type { FileHandle } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import type { Sodium } from '../crypto/loadSodium'
import type { SealThreadPool } from '../crypto/SealThreadPool'
import { SealThreads } from '../crypto/SealThreads'
import type { SealWorker } from '../crypto/SealWorker'
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
 * How far a large file's pipeline runs ahead of the block being sealed. With one block read
 * ahead and one write out, the main thread of the app's attach waited 0.4–0.7 s per GiB for
 * reads and 0.3 s for writes (measured, issue 12 item 16): the threads reading, hashing and
 * sealing share two cores, so a read or write is often not back when the seal is done.
 */
const READ_AHEAD = 2
const WRITES_OUT = 2

/**
 * Page-aligned buffers a large file's sealed blocks go out from (DirectWriter), each with
 * room in front for the bytes the block before left under a page. They hold ciphertext only,
 * and are kept for the next file: each is a WebAssembly memory, costly to map every time.
 */
const spareOuts: Uint8Array[][] = []
/** One per write out, and the one being sealed into. */
const OUTS = WRITES_OUT + 1
const OUT_BYTES = DIRECT_ALIGN + SEALED_BLOCK_BYTES

/**
 * Seals the file at `sourcePath` into an open (temporary) file in one pass, computing the
 * plaintext's SHA-256 on the way. Reading the next blocks, hashing (on another thread for a
 * large file), sealing (a large file's blocks on two SealWorker threads) and writing the
 * blocks before (a large file's past the page cache, DirectWriter) all overlap. Whether a
 * block ends the file is known only once the next read comes back empty, so a full block's
 * last chunk is sealed after that read.
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
  expected?: FileDigest,
  /** the app's threads, kept between files; without it a large file starts and ends its own */
  pool?: SealThreadPool
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
  // A large file is hashed on another thread and its blocks sealed on two more, half each
  // (SealThreads). Sealing here instead cost the main thread a mark-compact every few blocks
  // (each chunk's ciphertext is a new buffer): with half of every block sealed here, the
  // app's attach of 1 GiB took 1.8–1.9 s of user CPU against 1.4 s with none (measured, issue
  // 12 item 16). Where the runtime's Node cipher lacks ChaCha20-Poly1305 (Electron's
  // BoringSSL) the sealing threads load libsodium (SealThreads).
  const threads = parallel
    ? (pool?.take() ?? SealThreads.start({ hasher: expected === undefined, sealers: true }))
    : null
  /** Set once the file is sealed whole: only then do the threads go back to the pool. */
  let sealedWhole = false
  const worker = expected === undefined ? (threads?.hasher ?? null) : null
  const inline = worker === null && expected === undefined ? createHash('sha256') : null
  // Sealing threads that cannot seal (no libsodium on them) leave it to this thread.
  const sealers: readonly [SealWorker, SealWorker] | null =
    threads === null ? null : await threads.readySealers()
  for (const sealer of sealers ?? []) sealer.beginFile(key, header)
  const outs =
    sealers === null
      ? []
      : (spareOuts.pop() ??
        Array.from({ length: OUTS }, () => new Uint8Array(DirectWriter.alignedBuffer(OUT_BYTES))))
  let writer: DirectWriter | null = null
  // A small file's blocks go out through the handle's position, one write at a time.
  const readAhead = parallel ? READ_AHEAD : 1
  const writesOut = parallel ? WRITES_OUT : 1
  // Blocks being read, the one being sealed, and one still being hashed.
  const memories = Array.from({ length: readAhead + 2 }, () =>
    parallel ? new SharedArrayBuffer(BLOCK_BYTES) : new ArrayBuffer(BLOCK_BYTES)
  )
  const blocks = memories.map((memory) => new Uint8Array(memory))
  const hashed = memories.map((): Promise<void> => Promise.resolve())
  /** Block j's read, at j modulo the ring (started up to readAhead blocks ahead). */
  const reads = memories.map(() => Promise.resolve(0))
  let readUpTo = 0
  /** Block j's write, at j modulo writesOut, and the bytes sealed up to its end. */
  const writes = Array.from({ length: writesOut }, () => Promise.resolve())
  const sizeAfterWrite = writes.map(() => 0)
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
   * Seals one block into `out` from `base` on, half of its chunks on each sealing thread and,
   * once the next read says whether it ends the file, a full block's last chunk here; gives
   * where the sealed block ends in `out` and the next block's length.
   */
  const sealShared = async (
    threads: readonly [SealWorker, SealWorker],
    out: Uint8Array,
    base: number,
    memory: SharedArrayBuffer,
    length: number,
    counter: number,
    nextRead: Promise<number>
  ): Promise<{ end: number; nextLength: number }> => {
    const full = length === BLOCK_BYTES
    const chunks = Math.max(1, Math.ceil(length / STREAM_CHUNK_BYTES))
    const sure = full ? chunks - 1 : chunks
    const half = Math.ceil(sure / 2)
    const shared = out.buffer
    if (!(shared instanceof SharedArrayBuffer)) throw new TypeError('unshared output block')
    // The chunk flagged last (a short block's last) is chunk sure - 1, in the second half
    // unless that is empty.
    const away = threads.map((thread, i) =>
      thread.seal({
        plain: memory,
        plainLength: length,
        out: shared,
        base,
        from: i === 0 ? 0 : half,
        to: i === 0 ? half : sure,
        counter,
        last: !full && (i === 1 || half === sure)
      })
    )
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
    const nextLength = full ? await nextRead : 0
    if (full) sealHere(chunks - 1, nextLength === 0)
    for (const sealed of away) await sealed
    const lastPiece = length - (chunks - 1) * STREAM_CHUNK_BYTES
    return {
      end: base + (chunks - 1) * SEALED_CHUNK_BYTES + lastPiece + STREAM_TAG_BYTES,
      nextLength
    }
  }
  /** Block j, read once `hashed` (the hashing of the block in its buffer before) is over. */
  const readAfter = async (hashedBefore: Promise<void>, j: number): Promise<number> => {
    await hashedBefore
    return readBlock(source, at(blocks, j), sourcePath, j * BLOCK_BYTES)
  }
  try {
    // Bytes at the front of the next output block still to be written: the header first.
    let carry = 0
    if (sealers === null) await writeAll(handle, header, handlePath)
    else {
      writer = await DirectWriter.open(handle, handlePath)
      at(outs, 0).set(header)
      carry = header.length
    }
    let size = 0
    let counter = 0
    let k = 0
    let length = await readBlock(source, at(blocks, 0), sourcePath, 0)
    for (;;) {
      const block = at(blocks, k).subarray(0, length)
      const full = length === BLOCK_BYTES
      // Past the end of the file a read gives 0 bytes, so reading ahead needs no size.
      while (full && readUpTo < k + readAhead) {
        const j = ++readUpTo
        // Block j goes where block j - ring was: its hashing must be over.
        reads[j % reads.length] = readAfter(at(hashed, j), j)
        // Awaited when its block comes up, or in `finally`.
        at(reads, j).catch(() => undefined)
      }
      const nextRead = full ? at(reads, k + 1) : Promise.resolve(0)
      const memory = at(memories, k)
      // The sealing threads start on the block first; its check against the digest (CRC-32, on
      // this thread) or its hashing runs while they seal, not before: done first, the check
      // left both threads idle 0.9 ms of every block (0.24 s of a GiB, measured). A block that
      // fails the check is thrown away before anything of it is written.
      const shared =
        sealers !== null && writer !== null && memory instanceof SharedArrayBuffer
          ? { threads: sealers, writer, out: at(outs, k), next: at(outs, k + 1), memory }
          : null
      const sealing =
        shared === null
          ? null
          : sealShared(shared.threads, shared.out, carry, shared.memory, length, counter, nextRead)
      // Awaited below, unless the check throws first.
      sealing?.catch(() => undefined)
      if (expected !== undefined) {
        if (expected.blockCrcs[k] !== crc32(block)) throw fileChanged(sourcePath)
      } else if (worker !== null && memory instanceof SharedArrayBuffer)
        hashed[k % hashed.length] = worker.update(memory, length)
      else inline?.update(block)
      size += length
      // Every chunk but the last of a full block can be sealed before the next read is back.
      let nextLength: number
      let write: () => Promise<void>
      if (shared !== null && sealing !== null) {
        const { out, next, writer: large } = shared
        let end: number
        ;({ end, nextLength } = await sealing)
        // `next` held block k + 1 - OUTS, whose write is awaited before this one starts.
        write = () => {
          const started = large.write(out, end, next)
          carry = started.carry
          return started.done
        }
      } else {
        const sure = full ? BLOCK_BYTES - STREAM_CHUNK_BYTES : length
        const parts = sealRange(key, header, block.subarray(0, sure), counter, !full)
        nextLength = full ? await nextRead : 0
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
      // Block k - writesOut: written now, and so is every block before it.
      await at(writes, k)
      const writtenUpTo = at(sizeAfterWrite, k)
      if (onBytes !== undefined && writtenUpTo > 0) onBytes(writtenUpTo)
      writes[k % writes.length] = write()
      sizeAfterWrite[k % writes.length] = size
      // Awaited writesOut blocks on; a failure meanwhile (a full disk) is not unhandled.
      at(writes, k).catch(() => undefined)
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
    for (const written of writes) await written
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
      sealedWhole = true
      return { sha256: expected.sha256, size }
    }
    const sha256 = worker === null ? (inline?.digest() ?? new Uint8Array(0)) : await worker.digest()
    sealedWhole = true
    return { sha256: new Uint8Array(sha256), size }
  } finally {
    for (const written of writes) await written.catch(() => undefined)
    for (const read of reads) await read.catch(() => undefined)
    await flushing
    await writer?.close().catch(() => undefined)
    if (outs.length > 0 && spareOuts.length === 0) spareOuts.push(outs)
    for (const sealer of sealers ?? []) sealer.endFile()
    // A file that failed part way may still have jobs on the threads, reading and writing the
    // memory wiped below: its threads end first.
    if (threads !== null) {
      if (pool !== undefined && sealedWhole) await pool.giveBack(threads)
      else await threads.dispose()
    }
    // The attachment's plaintext does not stay in memory after it is sealed.
    for (const block of blocks) block.fill(0)
    sodium.memzero(key)
    await source.close()
  }
}
