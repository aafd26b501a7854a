import { createHash } from 'node:crypto'
import type { Hash } from 'node:crypto'
import type { FileHandle } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import type { Sodium } from '../crypto/loadSodium'
import type { SealThreadPool } from '../crypto/SealThreadPool'
import { SealThreads } from '../crypto/SealThreads'
import type { SealWorker } from '../crypto/SealWorker'
import type { Sha256Worker } from '../crypto/Sha256Worker'
import { STREAM_CHUNK_BYTES, STREAM_TAG_BYTES } from '../crypto/streamCipher'
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
 * How far a large file's pipeline runs ahead of the block being written. With one block read
 * ahead and one write out, the main thread of the app's attach waited 0.4–0.7 s per GiB for
 * reads and 0.3 s for writes (measured, issue 12 item 16): the threads reading, hashing and
 * sealing share two cores, so a read or write is often not back when the seal is done.
 */
const READ_AHEAD = 2
const WRITES_OUT = 2
/**
 * Blocks handed to the sealing threads and not yet written: one on each thread and one waiting
 * behind it, so a thread goes from one block straight on to the next. When the two threads
 * shared each block instead, each waited for the other and for this thread at every block,
 * and sat idle 60% of the attach (issue 12 item 16: a block every 2.8–3.1 ms, median, against
 * 2.5–2.8 ms now, when the durable write is the bound).
 */
const SEALING = 2

/**
 * Page-aligned buffers a large file's sealed blocks go out from (DirectWriter), each with
 * room in front for the bytes the block before left under a page. They hold ciphertext only,
 * and are kept for the next file: each is a WebAssembly memory, costly to map every time.
 */
const spareOuts: Uint8Array[][] = []
/** One per write out, per block on the sealing threads, and the one being handed to them. */
const OUTS = WRITES_OUT + SEALING + 1
const OUT_BYTES = DIRECT_ALIGN + SEALED_BLOCK_BYTES

/** What both ways of sealing a file are given. */
interface SealJob {
  source: FileHandle
  sourcePath: string
  handle: FileHandle
  handlePath: string
  key: Uint8Array
  header: Buffer
  onBytes: ((bytesDone: number) => void) | undefined
  /** the file hashed beforehand: each block's CRC-32 is checked against it */
  expected: FileDigest | undefined
  /** hashes a large file's blocks on another thread, when not hashed beforehand */
  hasher: Sha256Worker | null
  /** hashes here, when neither */
  inline: Hash | null
  /** blocks of plaintext, read into in turn (shared with the threads when they seal) */
  blocks: Uint8Array[]
}

/** How many plaintext blocks each way of sealing reads into in turn. */
const blockCount = (threads: boolean, parallel: boolean): number =>
  threads ? READ_AHEAD + SEALING + 1 : (parallel ? READ_AHEAD : 1) + 2

/**
 * Hands what is written so far to the disk every FLUSH_EVERY_BLOCKS blocks, on another thread,
 * rather than all of it in the caller's final fsync: the disk works while the rest is
 * encrypted. The file system starts this by itself only when a tenth of memory is dirty.
 * Direct writes are at the disk already, and are not flushed.
 */
function backgroundFlush(handle: FileHandle, handlePath: string) {
  let flushing: Promise<void> = Promise.resolve()
  let idle = true
  let failure: unknown = null
  const flush = async (): Promise<void> => {
    idle = false
    try {
      await handle.datasync()
    } catch (error) {
      failure ??= error
    } finally {
      idle = true
    }
  }
  return {
    /** After block k is handed to the file. */
    afterBlock(k: number): void {
      if (k % FLUSH_EVERY_BLOCKS === FLUSH_EVERY_BLOCKS - 1 && idle) flushing = flush()
    },
    /**
     * Waits for the last flush. Linux reports a write-back error to one fsync only: one seen
     * here must fail the attachment, or the caller's fsync could succeed over lost data.
     */
    async settle(): Promise<void> {
      await flushing
      if (failure !== null) throw fsError(failure, handlePath)
    },
    /** Waits for the last flush, its failure left to the one that threw before. */
    async quiet(): Promise<void> {
      await flushing
    }
  }
}

/**
 * Reads a file's blocks ahead into a ring of buffers, block j into blocks[j mod ring], each
 * once `freed(j)` settles: the block its buffer held before is done with it.
 */
class BlocksAhead {
  private readonly reads: Promise<number>[]
  private upTo = 0

  constructor(
    private readonly source: FileHandle,
    private readonly path: string,
    private readonly blocks: readonly Uint8Array[],
    private readonly freed: (j: number) => Promise<unknown>
  ) {
    this.reads = blocks.map(() => Promise.resolve(0))
  }

  /** Starts reading every block after the last one started, up to block `last`. */
  startUpTo(last: number): void {
    while (this.upTo < last) {
      const j = ++this.upTo
      const read = this.readAfterFreed(j)
      this.reads[j % this.reads.length] = read
      // Awaited when its block comes up, or in `settled`.
      read.catch(() => undefined)
    }
  }

  /** Block j's length in bytes (0 past the end of the file), once read; started before. */
  read(j: number): Promise<number> {
    return at(this.reads, j)
  }

  /** Waits for the reads still out, their failures left to the one already thrown. */
  async settled(): Promise<void> {
    for (const read of this.reads) await read.catch(() => undefined)
  }

  private async readAfterFreed(j: number): Promise<number> {
    await this.freed(j)
    return readBlock(this.source, at(this.blocks, j), this.path, j * BLOCK_BYTES)
  }
}

/**
 * Waits for every write and read still out and for the last flush, after the file is done or
 * has failed: their own failures are left to the one already thrown.
 */
async function drain(
  writes: readonly Promise<void>[],
  ahead: BlocksAhead,
  flusher: ReturnType<typeof backgroundFlush>
): Promise<void> {
  for (const write of writes) await write.catch(() => undefined)
  await ahead.settled()
  await flusher.quiet()
}

/**
 * Seals the file at `sourcePath` into an open (temporary) file in one pass, computing the
 * plaintext's SHA-256 on the way. Reading the next blocks, hashing (on another thread for a
 * large file), sealing (a large file's blocks on two SealWorker threads, block by block in
 * turn) and writing the blocks before (a large file's past the page cache, DirectWriter) all
 * overlap. Whether a block ends the file is known only once the next read comes back empty.
 *
 * With `expected` (the file hashed beforehand, digestFile), nothing is hashed here: each
 * block's CRC-32 must match the one recorded when the file was hashed, and the file must
 * still be the same file (stat) at the start and at the end, or it is refused with
 * `file-changed` and nothing is kept — a file that changed between hashing and sealing is
 * never stored under a hash of other bytes. The CRC-32 is taken of the very bytes sealed, by
 * the thread that seals them, and checked before the block is written.
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
  // A large file is hashed on another thread and its blocks sealed on two more (SealThreads).
  // Sealing here instead cost the main thread a mark-compact every few blocks (each chunk's
  // ciphertext is a new buffer): with half of every block sealed here, the app's attach of
  // 1 GiB took 1.8–1.9 s of user CPU against 1.4 s with none (measured, issue 12 item 16).
  // Where the runtime's Node cipher lacks ChaCha20-Poly1305 (Electron's BoringSSL) the sealing
  // threads load libsodium (SealThreads).
  const threads = parallel
    ? (pool?.take() ?? SealThreads.start({ hasher: expected === undefined, sealers: true }))
    : null
  /** Set once the file is sealed whole: only then do the threads go back to the pool. */
  let sealedWhole = false
  const hasher = expected === undefined ? (threads?.hasher ?? null) : null
  const inline = hasher === null && expected === undefined ? createHash('sha256') : null
  // Sealing threads that cannot seal (no libsodium on them) leave it to this thread.
  const sealers: readonly [SealWorker, SealWorker] | null =
    threads === null ? null : await threads.readySealers()
  for (const sealer of sealers ?? []) sealer.beginFile(key, header)
  const outs =
    sealers === null
      ? []
      : (spareOuts.pop() ??
        Array.from({ length: OUTS }, () => new Uint8Array(DirectWriter.alignedBuffer(OUT_BYTES))))
  const blocks = Array.from({ length: blockCount(sealers !== null, parallel) }, () =>
    parallel ? new Uint8Array(new SharedArrayBuffer(BLOCK_BYTES)) : new Uint8Array(BLOCK_BYTES)
  )
  const job: SealJob = {
    source,
    sourcePath,
    handle,
    handlePath,
    key,
    header,
    onBytes,
    expected,
    hasher,
    inline,
    blocks
  }
  try {
    const { size, count } =
      sealers === null ? await sealHere(job, parallel) : await sealOnThreads(job, sealers, outs)
    onBytes?.(size)
    if (expected !== undefined) {
      // Appended to or cut since it was hashed, or written to in a block already sealed.
      if (
        size !== expected.size ||
        count !== expected.blockCrcs.length ||
        !sameIdentity(expected.identity, await identityOf(source, sourcePath))
      )
        throw fileChanged(sourcePath)
      sealedWhole = true
      return { sha256: expected.sha256, size }
    }
    const sha256 = hasher === null ? (inline?.digest() ?? new Uint8Array(0)) : await hasher.digest()
    sealedWhole = true
    return { sha256: new Uint8Array(sha256), size }
  } finally {
    for (const sealer of sealers ?? []) sealer.endFile()
    // A file that failed part way may still have jobs on the threads, reading and writing the
    // memory wiped below: its threads end first.
    if (threads !== null) {
      if (pool !== undefined && sealedWhole) await pool.giveBack(threads)
      else await threads.dispose()
    }
    if (outs.length > 0 && spareOuts.length === 0) spareOuts.push(outs)
    // The attachment's plaintext does not stay in memory after it is sealed.
    for (const block of blocks) block.fill(0)
    sodium.memzero(key)
    await source.close()
  }
}

/**
 * A large file on the two sealing threads: block k goes whole to thread k mod 2, with its
 * place in an output buffer worked out before the block ahead of it is written (the carry, see
 * DirectWriter.write), and is written once sealed — and checked, or hashed — in file order.
 * Gives the plaintext's size and the number of blocks.
 */
async function sealOnThreads(
  job: SealJob,
  sealers: readonly [SealWorker, SealWorker],
  outs: Uint8Array[]
): Promise<{ size: number; count: number }> {
  const { source, sourcePath, handle, handlePath, header, expected, hasher, blocks } = job
  const memories = blocks.map((block) => {
    if (!(block.buffer instanceof SharedArrayBuffer)) throw new TypeError('unshared block')
    return block.buffer
  })
  const shared = outs.map((out) => {
    if (!(out.buffer instanceof SharedArrayBuffer)) throw new TypeError('unshared output block')
    return out.buffer
  })
  /** Settles once block j is sealed (and hashed): its memory may take another block. */
  const released = memories.map((): Promise<unknown> => Promise.resolve())
  const ahead = new BlocksAhead(source, sourcePath, blocks, (j) => at(released, j))
  /** Block j's write, at j modulo the outputs, and the plaintext bytes up to its end. */
  const writes = outs.map(() => Promise.resolve())
  const sizeAfterWrite = outs.map(() => 0)
  /** Blocks on the threads, at j modulo SEALING + 1: the seal, where it ends, the size after. */
  const sealing: { sealed: Promise<number | undefined>; end: number; size: number }[] = []
  const flusher = backgroundFlush(handle, handlePath)
  const writer = await DirectWriter.open(handle, handlePath)
  let written = 0
  let carry = 0
  try {
    // The header goes out at the front of the first block.
    at(outs, 0).set(header)
    let base = header.length
    let size = 0
    let k = 0
    let length = await readBlock(source, at(blocks, 0), sourcePath, 0)
    /** Checks block j, then hands it to the file behind the blocks before it. */
    const finish = async (j: number): Promise<void> => {
      const { sealed, end, size: sizeThen } = at(sealing, j)
      const crc = await sealed
      // A block that fails the check is thrown away before anything of it is written.
      if (expected !== undefined && expected.blockCrcs[j] !== crc) throw fileChanged(sourcePath)
      // Block j - WRITES_OUT: written now, and so is every block before it.
      await at(writes, j + outs.length - WRITES_OUT)
      const writtenUpTo = at(sizeAfterWrite, j + outs.length - WRITES_OUT)
      if (job.onBytes !== undefined && writtenUpTo > 0) job.onBytes(writtenUpTo)
      const started = writer.write(at(outs, j), end, at(outs, j + 1))
      carry = started.carry
      writes[j % writes.length] = started.done
      sizeAfterWrite[j % writes.length] = sizeThen
      // Awaited WRITES_OUT blocks on; a failure meanwhile (a full disk) is not unhandled.
      started.done.catch(() => undefined)
      if (!writer.isDirect) flusher.afterBlock(j)
      written = j + 1
    }
    for (;;) {
      const full = length === BLOCK_BYTES
      // Past the end of the file a read gives 0 bytes, so reading ahead needs no size.
      if (full) ahead.startUpTo(k + READ_AHEAD)
      const nextLength = full ? await ahead.read(k + 1) : 0
      // Block k's output buffer held block k - OUTS, which must be written.
      await at(writes, k)
      const chunks = Math.max(1, Math.ceil(length / STREAM_CHUNK_BYTES))
      const end = base + length + chunks * STREAM_TAG_BYTES
      const sealed = at(sealers, k).seal({
        plain: at(memories, k),
        plainLength: length,
        out: at(shared, k),
        base,
        counter: k * BLOCK_CHUNKS,
        last: nextLength === 0,
        crc: expected !== undefined
      })
      const hashed = hasher?.update(at(memories, k), length)
      released[k % released.length] = Promise.all([sealed, hashed])
      at(released, k).catch(() => undefined)
      size += length
      sealing[k % (SEALING + 1)] = { sealed, end, size }
      // The next block goes after the bytes of this one under a page (DirectWriter.write).
      base = end % DIRECT_ALIGN
      if (nextLength === 0) break
      // Block k - SEALING is written while the threads seal the two after it.
      if (k >= SEALING) await finish(k - SEALING)
      length = nextLength
      k++
    }
    for (let j = written; j <= k; j++) await finish(j)
    for (const write of writes) await write
    await writer.end(at(outs, k + 1), carry)
    await flusher.settle()
    return { size, count: k + 1 }
  } finally {
    await drain(writes, ahead, flusher)
    await writer.close().catch(() => undefined)
  }
}

/**
 * A small file, or a large one whose sealing threads cannot seal: sealed on this thread, block
 * by block, while the next blocks are read and (a large file) the one before is hashed on
 * another thread. Gives the plaintext's size and the number of blocks.
 */
async function sealHere(job: SealJob, parallel: boolean): Promise<{ size: number; count: number }> {
  const { source, sourcePath, handle, handlePath, key, header, expected, hasher, inline } = job
  const { blocks } = job
  const readAhead = parallel ? READ_AHEAD : 1
  /** Settles once block j is hashed: its buffer may take another block. */
  const hashed = blocks.map((): Promise<void> => Promise.resolve())
  const ahead = new BlocksAhead(source, sourcePath, blocks, (j) => at(hashed, j))
  // One write at a time: they go out at the handle's position, in order. The one out, and the
  // bytes sealed up to its end.
  let writing = Promise.resolve()
  let sizeAfterWrite = 0
  const flusher = backgroundFlush(handle, handlePath)
  try {
    await writeAll(handle, header, handlePath)
    let size = 0
    let counter = 0
    let k = 0
    let length = await readBlock(source, at(blocks, 0), sourcePath, 0)
    for (;;) {
      const block = at(blocks, k).subarray(0, length)
      const full = length === BLOCK_BYTES
      // Past the end of the file a read gives 0 bytes, so reading ahead needs no size.
      if (full) ahead.startUpTo(k + readAhead)
      const nextRead = full ? ahead.read(k + 1) : Promise.resolve(0)
      const memory = at(blocks, k).buffer
      if (expected !== undefined) {
        if (expected.blockCrcs[k] !== crc32(block)) throw fileChanged(sourcePath)
      } else if (hasher !== null && memory instanceof SharedArrayBuffer)
        hashed[k % hashed.length] = hasher.update(memory, length)
      else inline?.update(block)
      size += length
      // Every chunk but the last of a full block can be sealed before the next read is back.
      const sure = full ? BLOCK_BYTES - STREAM_CHUNK_BYTES : length
      const parts = sealRange(key, header, block.subarray(0, sure), counter, !full)
      const nextLength = full ? await nextRead : 0
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
      counter += BLOCK_CHUNKS
      // Block k - 1: written now, and so is every block before it.
      await writing
      if (job.onBytes !== undefined && sizeAfterWrite > 0) job.onBytes(sizeAfterWrite)
      writing = writeAllParts(handle, parts, handlePath)
      sizeAfterWrite = size
      // Awaited a block on; a failure meanwhile (a full disk) is not unhandled.
      writing.catch(() => undefined)
      flusher.afterBlock(k)
      if (!full || nextLength === 0) break
      length = nextLength
      k++
    }
    await writing
    await flusher.settle()
    return { size, count: k + 1 }
  } finally {
    await drain([writing], ahead, flusher)
  }
}
