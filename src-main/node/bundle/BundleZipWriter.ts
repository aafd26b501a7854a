import { createHash, randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { open, readdir, rename, rm } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { ZipFile } from 'yazl'
import { TEMP_PREFIX, fsyncDirectory, writeAll } from '../fs/durable'
import { fsError } from '../fs/fsError'

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

/** Regular file, rw-r--r--, in each entry's Unix attributes. */
const FILE_MODE = 0o100644
/** What a streamed attachment may hold in memory before the producer waits for the disk. */
const STREAM_BUFFER = 1024 * 1024
/** The size of the pieces a streamed block is written in; see addStream. */
const PIECE_BYTES = 256 * 1024

/**
 * Writes a zip to a temporary file beside its destination, block by block: an attachment is
 * never held whole in memory, and nothing is written anywhere but that file. `finish` makes
 * the file durable; `commit` renames it into place (atomic), `discard` removes it. Until
 * `commit`, the destination is untouched.
 */
export class BundleZipWriter {
  private readonly zip = new ZipFile()
  private readonly hash = createHash('sha256')
  private readonly abort = new AbortController()
  private failure: unknown = null
  private bytes = 0
  private readonly written: Promise<void>
  private closed = false

  private constructor(
    readonly out: string,
    readonly tempPath: string,
    private readonly handle: FileHandle,
    private readonly mtime: Date
  ) {
    this.zip.on('error', (error: unknown) => {
      this.fail(error)
    })
    this.written = this.consume()
    // A failure is also seen by whoever waits next (addStream or finish); this only keeps an
    // early one from counting as unhandled meanwhile.
    void this.written.catch(() => undefined)
  }

  /** @param mtime the time every entry carries (the export's) */
  static async create(out: string, mtime: Date): Promise<BundleZipWriter> {
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
    return new BundleZipWriter(out, tempPath, handle, mtime)
  }

  private options(compress: boolean): { compress: boolean; mtime: Date; mode: number } {
    return { compress, mtime: this.mtime, mode: FILE_MODE }
  }

  private async consume(): Promise<void> {
    for await (const chunk of this.zip.outputStream) {
      const block = chunk as Buffer
      this.hash.update(block)
      try {
        await writeAll(this.handle, block, this.out)
      } catch (error) {
        this.fail(error)
        throw error
      }
      this.bytes += block.length
    }
  }

  /** Stops everything at the first failure; the first one is what the caller hears. */
  private fail(error: unknown): void {
    if (this.failure !== null) return
    this.failure = error
    this.abort.abort(error)
    const output = this.zip.outputStream
    if (output instanceof Readable) output.destroy(error instanceof Error ? error : undefined)
  }

  private rethrow(error: unknown): never {
    throw this.failure ?? error
  }

  /** Adds a small file from memory. */
  addBytes(path: string, bytes: Uint8Array, compress: boolean): void {
    if (this.failure !== null) this.rethrow(this.failure)
    this.zip.addBuffer(Buffer.from(bytes), path, this.options(compress))
  }

  /**
   * Adds a file whose bytes `produce` delivers block by block through `write`, which waits
   * while the zip is behind. Each block is copied, so the producer may reuse its buffer.
   * @param size the exact number of bytes `produce` will deliver
   */
  async addStream(
    path: string,
    size: number,
    compress: boolean,
    produce: (write: (block: Uint8Array) => Promise<void>) => Promise<void>
  ): Promise<void> {
    if (this.failure !== null) this.rethrow(this.failure)
    const input = new PassThrough({ highWaterMark: STREAM_BUFFER })
    this.zip.addReadStream(input, path, { ...this.options(compress), size })
    try {
      await produce(async (block) => {
        // In pieces: every stage of the zip pipeline may hold one whole chunk, so small
        // chunks keep what is in memory small whatever size the producer's blocks are.
        for (let at = 0; at < block.length; at += PIECE_BYTES) {
          this.abort.signal.throwIfAborted()
          if (!input.write(Buffer.from(block.subarray(at, at + PIECE_BYTES))))
            await once(input, 'drain', { signal: this.abort.signal })
        }
      })
      input.end()
    } catch (error) {
      input.destroy()
      this.fail(error)
      this.rethrow(error)
    }
  }

  /**
   * Ends the zip, waits until every byte is in the temporary file and fsyncs it.
   * @returns the SHA-256 (hex) and size of the finished zip
   */
  async finish(): Promise<{ sha256: string; bytes: number }> {
    if (this.failure !== null) this.rethrow(this.failure)
    this.zip.end()
    try {
      await this.written
      await this.handle.sync()
    } catch (error) {
      this.rethrow(fsError(error, this.out))
    }
    await this.close()
    return { sha256: this.hash.digest('hex'), bytes: this.bytes }
  }

  /** Renames the finished zip over `out` and fsyncs the directory. */
  async commit(): Promise<void> {
    try {
      await rename(this.tempPath, this.out)
    } catch (error) {
      throw fsError(error, this.out)
    }
    await fsyncDirectory(dirname(this.out))
  }

  /** Removes the temporary file; after a failure, or when the export is abandoned. */
  async discard(): Promise<void> {
    if (this.failure === null) this.fail(new Error('discarded'))
    await this.close().catch(() => undefined)
    await rm(this.tempPath, { force: true })
  }

  private async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.handle.close()
  }
}
