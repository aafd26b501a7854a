import { createHash, randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { open, readdir, rename, rm } from 'node:fs/promises'
import { DalelError } from '../../common/errors/DalelError'
import type { FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { createDeflateRaw, crc32, deflateRawSync } from 'node:zlib'
import { TEMP_PREFIX, fsyncDirectory, moveNoReplace, writeAll } from '../fs/durable'
import { fsError } from '../fs/fsError'
import { u16, u32, u64 } from './zipIntegers'

// The zip is written here, record by record (APPNOTE 6.3), rather than by a zip library: the
// CRC-32 of every byte is what a bundle's throughput hangs on, and yazl computes it with
// buffer-crc32, a byte-at-a-time JavaScript loop (~315 MiB/s here, a third of an export's
// time), where node:zlib's crc32 runs at ~5 GiB/s. The layout follows yazl's, which the
// readers Dalel is checked against (yauzl, Info-ZIP unzip, verify.html) already accept:
// streamed files carry a data descriptor; sizes and offsets that do not fit 32 bits go into
// a zip64 extra field and a zip64 end record.

const LOCAL_SIGNATURE = 0x04034b50
const DESCRIPTOR_SIGNATURE = 0x08074b50
const CENTRAL_SIGNATURE = 0x02014b50
const ZIP64_END_SIGNATURE = 0x06064b50
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50
const END_SIGNATURE = 0x06054b50
const FLAG_DESCRIPTOR = 0x0008
const FLAG_UTF8 = 0x0800
const METHOD_STORE = 0
const METHOD_DEFLATE = 8
/** Unix (3) in the high byte, so readers take the mode from the external attributes; APPNOTE 6.3. */
const VERSION_MADE_BY = (3 << 8) | 63
const VERSION_NEEDED = 20
const VERSION_NEEDED_ZIP64 = 45
/** Regular file, rw-r--r--, in each entry's Unix attributes. */
const FILE_MODE = 0o100644
const U32_LIMIT = 0xffffffff
const U16_LIMIT = 0xffff
/**
 * A streamed file declared at least this large gets a zip64 data descriptor: deflate may grow
 * incompressible data a little (5 bytes per 16 KiB stored block), and the choice is made in
 * the local header, before the compressed size is known.
 */
const ZIP64_STREAM_BYTES = 0xf0000000

/**
 * Removes what an export of the same bundle left when it was killed or lost power: a partial
 * zip holds disclosed evidence in plaintext, and nobody would otherwise find it.
 */
async function removeAbandoned(out: string): Promise<void> {
  const prefix = `${TEMP_PREFIX}${basename(out)}-`
  let names: string[]
  try {
    names = await readdir(dirname(out))
  } catch {
    return // the open below reports a missing or unreadable folder
  }
  for (const name of names) {
    if (name.startsWith(prefix) && /^[0-9a-f]{12}$/.test(name.slice(prefix.length)))
      await rm(join(dirname(out), name), { force: true })
  }
}

export interface BundleZipOptions {
  /**
   * zip64 records for every file and the directory, as a bundle past 4 GiB has them; for
   * tests, which cannot afford to write 4 GiB.
   */
  forceZip64?: boolean
}

/** One file as the central directory lists it. */
interface ZipRecord {
  name: Buffer
  flags: number
  method: number
  crc: number
  size: number
  compressedSize: number
  offset: number
  /** chosen when the local header was written; the descriptor follows it */
  zip64Descriptor: boolean
}

/** DOS date and time fields, in local time as unzip reads them (the UT extra field is UTC). */
function dosDateTime(date: Date): { date: number; time: number } {
  const min = new Date(1980, 0, 1)
  const max = new Date(2107, 11, 31, 23, 59, 58)
  const d = date < min ? min : date > max ? max : date
  return {
    date: ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2)
  }
}

/**
 * Writes a zip to a temporary file beside its destination, file by file: an attachment is
 * never held whole in memory, and nothing is written anywhere but that file. `finish` makes
 * the file durable; `commit` renames it into place (atomic), `discard` removes it. Until
 * `commit`, the destination is untouched. Files are added one at a time, each call awaited.
 */
export class BundleZipWriter {
  private readonly hash = createHash('sha256')
  private readonly records: ZipRecord[] = []
  private readonly dos: { date: number; time: number }
  /** the Info-ZIP "UT" extra field: the modification time in UTC seconds */
  private readonly timestampExtra: Buffer
  /** the first failure, boxed: whatever was thrown, an Error or not */
  private failure: { error: unknown } | null = null
  private busy = false
  private bytes = 0
  /** the one write still under way, from `staging`; see emit */
  private writing: Promise<void> = Promise.resolve()
  private staging = Buffer.alloc(0)
  private closed = false
  private readonly forceZip64: boolean

  private constructor(
    readonly out: string,
    readonly tempPath: string,
    private readonly handle: FileHandle,
    mtime: Date,
    options: BundleZipOptions
  ) {
    this.forceZip64 = options.forceZip64 === true
    this.dos = dosDateTime(mtime)
    const seconds = Math.min(Math.max(Math.floor(mtime.getTime() / 1000), 0), 0x7fffffff)
    // Flags: mtime and atime, as Info-ZIP writes them; the central copy carries mtime only.
    this.timestampExtra = Buffer.concat([u16(0x5455), u16(5), Buffer.from([0b11]), u32(seconds)])
  }

  /** @param mtime the time every entry carries (the export's) */
  static async create(
    out: string,
    mtime: Date,
    options: BundleZipOptions = {}
  ): Promise<BundleZipWriter> {
    await removeAbandoned(out)
    const tempPath = join(
      dirname(out),
      `${TEMP_PREFIX}${basename(out)}-${randomBytes(6).toString('hex')}`
    )
    let handle: FileHandle
    try {
      handle = await open(tempPath, 'wx', 0o600)
    } catch (error) {
      throw fsError(error, out)
    }
    return new BundleZipWriter(out, tempPath, handle, mtime, options)
  }

  /**
   * Appends bytes to the zip (and to its running SHA-256). The write goes on in the
   * background while the caller produces the next block (decrypting and hashing it), one
   * write at a time and in order; so the bytes are copied first, and a failed write is
   * reported by the next emit, or by finish.
   */
  private async emit(bytes: Uint8Array): Promise<void> {
    this.hash.update(bytes)
    await this.writing
    // The previous write is done, so the staging buffer is free again: one buffer, reused,
    // rather than a new one per block for the garbage collector.
    if (this.staging.length < bytes.length) this.staging = Buffer.allocUnsafe(bytes.length)
    const copy = this.staging.subarray(0, bytes.length)
    copy.set(bytes)
    this.writing = writeAll(this.handle, copy, this.out)
    // Awaited by the next emit or by finish; this only keeps it from counting as unhandled.
    this.writing.catch(() => undefined)
    this.bytes += bytes.length
  }

  /** One operation at a time; the first failure stops the writer for good. */
  private async step<T>(work: () => Promise<T>): Promise<T> {
    if (this.failure !== null) throw this.failure.error
    if (this.busy) throw new Error('BundleZipWriter: a file is still being added')
    this.busy = true
    try {
      return await work()
    } catch (error) {
      this.failure ??= { error }
      throw this.failure.error
    } finally {
      this.busy = false
    }
  }

  private static encodeName(path: string): Buffer {
    const parts = path.split('/')
    if (path === '' || path.startsWith('/') || path.includes('\\') || parts.includes('..'))
      throw new Error(`BundleZipWriter: not a relative path: ${path}`)
    const name = Buffer.from(path, 'utf8')
    if (name.length > U16_LIMIT) throw new Error(`BundleZipWriter: name too long: ${path}`)
    return name
  }

  private localHeader(record: ZipRecord): Buffer {
    const known = (record.flags & FLAG_DESCRIPTOR) === 0
    return Buffer.concat([
      u32(LOCAL_SIGNATURE),
      u16(VERSION_NEEDED),
      u16(record.flags),
      u16(record.method),
      u16(this.dos.time),
      u16(this.dos.date),
      u32(known ? record.crc : 0),
      u32(known ? record.compressedSize : 0),
      u32(known ? record.size : 0),
      u16(record.name.length),
      u16(0),
      record.name
    ])
  }

  /** Adds a small file from memory; deflated when `compress` and that makes it smaller. */
  async addBytes(path: string, bytes: Uint8Array, compress: boolean): Promise<void> {
    await this.step(async () => {
      const name = BundleZipWriter.encodeName(path)
      if (bytes.length >= U32_LIMIT) throw new Error(`BundleZipWriter: ${path} is too large`)
      let data = bytes
      let method = METHOD_STORE
      if (compress) {
        const deflated = deflateRawSync(bytes)
        if (deflated.length < bytes.length) {
          data = deflated
          method = METHOD_DEFLATE
        }
      }
      const record: ZipRecord = {
        name,
        flags: FLAG_UTF8,
        method,
        crc: crc32(bytes),
        size: bytes.length,
        compressedSize: data.length,
        offset: this.bytes,
        zip64Descriptor: false
      }
      await this.emit(this.localHeader(record))
      await this.emit(data)
      this.records.push(record)
    })
  }

  /**
   * Adds a file whose bytes `produce` delivers block by block through `write`; each block is
   * written (or deflated) before `write` returns, so the producer may reuse its buffer.
   * @param size the exact number of bytes `produce` will deliver
   */
  async addStream(
    path: string,
    size: number,
    compress: boolean,
    produce: (write: (block: Uint8Array) => Promise<void>) => Promise<void>
  ): Promise<void> {
    await this.step(async () => {
      const record: ZipRecord = {
        name: BundleZipWriter.encodeName(path),
        flags: FLAG_UTF8 | FLAG_DESCRIPTOR,
        method: compress ? METHOD_DEFLATE : METHOD_STORE,
        crc: 0,
        size: 0,
        compressedSize: 0,
        offset: this.bytes,
        zip64Descriptor: this.forceZip64 || size >= ZIP64_STREAM_BYTES
      }
      await this.emit(this.localHeader(record))
      const start = this.bytes
      if (compress) await this.deflateInto(record, produce)
      else
        await produce(async (block) => {
          record.crc = crc32(block, record.crc)
          record.size += block.length
          await this.emit(block)
        })
      record.compressedSize = this.bytes - start
      if (record.size !== size)
        throw new Error(`BundleZipWriter: ${path} delivered ${record.size} bytes, not ${size}`)
      if (!record.zip64Descriptor && record.compressedSize >= U32_LIMIT)
        throw new Error(`BundleZipWriter: ${path} outgrew its 32-bit data descriptor`)
      await this.emit(
        record.zip64Descriptor
          ? Buffer.concat([
              u32(DESCRIPTOR_SIGNATURE),
              u32(record.crc),
              u64(record.compressedSize),
              u64(record.size)
            ])
          : Buffer.concat([
              u32(DESCRIPTOR_SIGNATURE),
              u32(record.crc),
              u32(record.compressedSize),
              u32(record.size)
            ])
      )
      this.records.push(record)
    })
  }

  /** Streams the produced blocks through raw deflate into the zip, waiting for the disk. */
  private async deflateInto(
    record: ZipRecord,
    produce: (write: (block: Uint8Array) => Promise<void>) => Promise<void>
  ): Promise<void> {
    const deflate = createDeflateRaw()
    const stop = new AbortController()
    const drained = (async () => {
      try {
        for await (const chunk of deflate) await this.emit(chunk as Buffer)
      } catch (error) {
        stop.abort(error)
        throw error
      }
    })()
    // Seen by whoever waits next (below); this only keeps an early failure from counting as
    // unhandled while the producer is still running.
    void drained.catch(() => undefined)
    try {
      await produce(async (block) => {
        stop.signal.throwIfAborted()
        record.crc = crc32(block, record.crc)
        record.size += block.length
        // Copied: deflate may still hold the block when the producer reuses its buffer.
        if (!deflate.write(Buffer.from(block)))
          await once(deflate, 'drain', { signal: stop.signal })
      })
      deflate.end()
    } catch (error) {
      // A write that failed first is the cause; the producer only heard of it.
      const cause: unknown = stop.signal.aborted ? stop.signal.reason : error
      deflate.destroy()
      await drained.catch(() => undefined)
      throw cause
    }
    await drained
  }

  private centralRecord(record: ZipRecord): Buffer {
    const zip64 =
      this.forceZip64 ||
      record.size > U32_LIMIT - 1 ||
      record.compressedSize > U32_LIMIT - 1 ||
      record.offset > U32_LIMIT - 1
    const extra = zip64
      ? Buffer.concat([
          this.timestampExtra,
          u16(0x0001),
          u16(24),
          u64(record.size),
          u64(record.compressedSize),
          u64(record.offset)
        ])
      : this.timestampExtra
    return Buffer.concat([
      u32(CENTRAL_SIGNATURE),
      u16(VERSION_MADE_BY),
      u16(zip64 ? VERSION_NEEDED_ZIP64 : VERSION_NEEDED),
      u16(record.flags),
      u16(record.method),
      u16(this.dos.time),
      u16(this.dos.date),
      u32(record.crc),
      u32(zip64 ? U32_LIMIT : record.compressedSize),
      u32(zip64 ? U32_LIMIT : record.size),
      u16(record.name.length),
      u16(extra.length),
      u16(0), // comment length
      u16(0), // disk number
      u16(0), // internal attributes
      u32(FILE_MODE << 16),
      u32(zip64 ? U32_LIMIT : record.offset),
      record.name,
      extra
    ])
  }

  /** The central directory and the end records, zip64 ones when a count or offset needs them. */
  private async writeDirectory(): Promise<void> {
    const start = this.bytes
    for (const record of this.records) await this.emit(this.centralRecord(record))
    const size = this.bytes - start
    const count = this.records.length
    const zip64 = this.forceZip64 || count >= U16_LIMIT || size >= U32_LIMIT || start >= U32_LIMIT
    if (zip64) {
      const recordAt = this.bytes
      await this.emit(
        Buffer.concat([
          u32(ZIP64_END_SIGNATURE),
          u64(56 - 12),
          u16(VERSION_MADE_BY),
          u16(VERSION_NEEDED_ZIP64),
          u32(0),
          u32(0),
          u64(count),
          u64(count),
          u64(size),
          u64(start)
        ])
      )
      await this.emit(Buffer.concat([u32(ZIP64_LOCATOR_SIGNATURE), u32(0), u64(recordAt), u32(1)]))
    }
    await this.emit(
      Buffer.concat([
        u32(END_SIGNATURE),
        u16(0),
        u16(0),
        u16(Math.min(count, U16_LIMIT)),
        u16(Math.min(count, U16_LIMIT)),
        u32(Math.min(size, U32_LIMIT)),
        u32(Math.min(start, U32_LIMIT)),
        u16(0)
      ])
    )
  }

  /**
   * Ends the zip, waits until every byte is in the temporary file and fsyncs it.
   * @returns the SHA-256 (hex) and size of the finished zip
   */
  async finish(): Promise<{ sha256: string; bytes: number }> {
    return this.step(async () => {
      await this.writeDirectory()
      await this.writing
      try {
        await this.handle.sync()
      } catch (error) {
        throw fsError(error, this.out)
      }
      await this.close()
      return { sha256: this.hash.digest('hex'), bytes: this.bytes }
    })
  }

  /**
   * Moves the finished zip to `out` and fsyncs the directory. Without `replace`, a file that
   * appeared at `out` meanwhile is left alone (a hard link cannot replace; where the file
   * system has none, such as FAT, `out` is checked just before the rename).
   */
  async commit(options: { replace?: boolean } = {}): Promise<void> {
    try {
      if (options.replace === true) await rename(this.tempPath, this.out)
      else if (!(await moveNoReplace(this.tempPath, this.out)))
        throw new DalelError('bundle-exists', { path: this.out })
    } catch (error) {
      if (error instanceof DalelError) throw error
      throw fsError(error, this.out)
    }
    await fsyncDirectory(dirname(this.out))
  }

  /** Removes the temporary file; after a failure, or when the export is abandoned. */
  async discard(): Promise<void> {
    this.failure ??= { error: new Error('discarded') }
    await this.writing.catch(() => undefined)
    await this.close().catch(() => undefined)
    await rm(this.tempPath, { force: true })
  }

  private async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.handle.close()
  }
}
