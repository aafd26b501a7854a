import { constants } from 'node:fs'
import { open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { fsError } from './fsError'

/**
 * Offsets, lengths and buffer addresses of O_DIRECT writes are kept multiples of this: the
 * page size, which covers devices with 512-byte and with 4 KiB logical blocks.
 */
export const DIRECT_ALIGN = 4096
/** WebAssembly memory grows in pages of 64 KiB. */
const WASM_PAGE_BYTES = 64 * 1024

/** WebAssembly.Memory, which this project's Node typings (lib ES2023, no DOM) do not declare. */
const WasmMemory = (
  globalThis as unknown as {
    WebAssembly: {
      Memory: new (size: { initial: number; maximum: number; shared: boolean }) => {
        buffer: ArrayBuffer | SharedArrayBuffer
      }
    }
  }
).WebAssembly.Memory

/** Linux's O_DIRECT; Node defines it nowhere else (macOS and Windows write through the cache). */
const O_DIRECT = (constants as { O_DIRECT?: number }).O_DIRECT

/**
 * Writes a new file front to back past the page cache (O_DIRECT) where the system and the file
 * system allow it, through the ordinary descriptor everywhere else. The caller still fsyncs the
 * ordinary descriptor: a direct write may sit in the drive's own cache until then, and the
 * file's size and blocks are journalled metadata.
 *
 * Why (issue 12 item 16, measured on the 2-core VM): a buffered write of 1 GiB cost 0.2–0.45 s
 * when it reused pages another file had just freed and 4.3–6.3 s when the pages were new —
 * this VM hands free memory back to its host (virtio-balloon free page reporting), so every
 * new page-cache page is a fault on the host. The same GiB written O_DIRECT took 0.5–0.9 s
 * either way. On any machine it also keeps a large attachment's ciphertext from pushing the
 * journalist's working files out of memory.
 *
 * Buffers given to `write` must start at a page (`alignedBuffer`). What does not fill a
 * whole page at the end of a write is carried to the front of the next buffer; the very last
 * carry is written through the ordinary descriptor, on a page no direct write touched.
 */
export class DirectWriter {
  private position = 0

  private constructor(
    private direct: FileHandle | null,
    private readonly handle: FileHandle,
    private readonly path: string
  ) {}

  /**
   * @param handle the new, empty file, opened for writing; `path` names it
   * @param options.direct false to write through `handle` only (the cache)
   */
  static async open(
    handle: FileHandle,
    path: string,
    options: { direct?: boolean } = {}
  ): Promise<DirectWriter> {
    let direct: FileHandle | null = null
    if (options.direct !== false && O_DIRECT !== undefined) {
      // A file system without O_DIRECT (tmpfs before Linux 6.6, some FUSE) refuses the
      // open with EINVAL: the ordinary descriptor does the writing then.
      direct = await open(path, constants.O_WRONLY | O_DIRECT).catch(() => null)
    }
    return new DirectWriter(direct, handle, path)
  }

  /**
   * A buffer of at least `bytes` whose first byte is at a page boundary. V8 maps every
   * WebAssembly memory on its own pages; a shared one can also be handed to a worker.
   */
  static alignedBuffer(bytes: number): SharedArrayBuffer {
    const pages = Math.ceil(bytes / WASM_PAGE_BYTES)
    const { buffer } = new WasmMemory({ initial: pages, maximum: pages, shared: true })
    if (!(buffer instanceof SharedArrayBuffer)) throw new TypeError('no shared WebAssembly memory')
    return buffer
  }

  /** Whether writes still go past the page cache (false once a direct write was refused). */
  get isDirect(): boolean {
    return this.direct !== null
  }

  /** Bytes handed to the file so far, the carry not counted. */
  get written(): number {
    return this.position
  }

  /**
   * Writes `buf[0, length)` after what was written before. Only its whole pages go out: the
   * rest (under DIRECT_ALIGN bytes) is copied to the front of `next` at once, and `carry` says
   * how long it is — the caller puts the next bytes after it. Through the cache too, so the
   * carry is always the bytes written so far modulo DIRECT_ALIGN and a caller can place a
   * block before the one ahead of it is written. `done` settles when the write has. `buf` must
   * start at a page; `next[0, carry)` must not be in use until then.
   */
  write(buf: Uint8Array, length: number, next: Uint8Array): { carry: number; done: Promise<void> } {
    if (this.direct !== null && buf.byteOffset % DIRECT_ALIGN !== 0)
      throw new RangeError('a direct write from an unaligned buffer')
    const whole = length - (length % DIRECT_ALIGN)
    const carry = length - whole
    next.set(buf.subarray(whole, length))
    const at = this.position
    this.position += whole
    const data = buf.subarray(0, whole)
    return {
      carry,
      done: this.direct === null ? this.writeCached(data, at) : this.writeDirect(data, at)
    }
  }

  /** Writes the last carry (`buf[0, length)`) and closes the direct descriptor; not fsynced. */
  async end(buf: Uint8Array, length: number): Promise<void> {
    await this.close()
    const at = this.position
    this.position += length
    await this.writeCached(buf.subarray(0, length), at)
  }

  /** Closes the direct descriptor (the ordinary one stays the caller's). */
  async close(): Promise<void> {
    const direct = this.direct
    this.direct = null
    await direct?.close()
  }

  private async writeDirect(data: Uint8Array, at: number): Promise<void> {
    let done = 0
    try {
      while (done < data.length && this.direct !== null) {
        const { bytesWritten } = await this.direct.write(data, done, data.length - done, at + done)
        done += bytesWritten
        // A short direct write leaves an offset no later direct write may start at.
        if (done < data.length && done % DIRECT_ALIGN !== 0) await this.close()
      }
    } catch (error) {
      // EINVAL: this file system or buffer does not allow it after all. Anything else (a
      // full disk, a pulled drive) is the write's failure.
      if ((error as NodeJS.ErrnoException | null)?.code !== 'EINVAL')
        throw fsError(error, this.path)
      await this.close()
    }
    if (done < data.length) await this.writeCached(data.subarray(done), at + done)
  }

  private async writeCached(data: Uint8Array, at: number): Promise<void> {
    let done = 0
    try {
      while (done < data.length) {
        const { bytesWritten } = await this.handle.write(data, done, data.length - done, at + done)
        done += bytesWritten
      }
    } catch (error) {
      throw fsError(error, this.path)
    }
  }
}
