/**
 * A SQLite image that sql.js can take as its in-memory file instead of copying it, with room
 * to grow. sql.js (1.16, pinned) creates the database file from the image with the
 * file system's `write`, which on a new file keeps `image.slice(0, length)`: here that slice
 * is a view of this very memory, running to the end of its ArrayBuffer, so that the file
 * also grows into the spare room without being copied to a larger buffer. `adopted` says
 * whether sql.js took it; if a later sql.js copies instead, nothing breaks, and the image
 * is wiped as any copy would be. For a 360 MiB database this saves 360 MiB of peak memory
 * and the time of the copy at every unlock.
 */
export class DatabaseImage extends Uint8Array {
  adopted = false

  /** Derived arrays (subarray, map…) are plain Uint8Arrays. */
  static get [Symbol.species](): Uint8ArrayConstructor {
    return Uint8Array
  }

  /**
   * Room for an image of `size` bytes, and `extra` more in the same buffer (the caller may
   * use it, e.g. to read the sealed file in), plus room for the database to grow: a
   * journal's worth of entries and more. Memory never written is never paged in.
   */
  static allocate(size: number, extra = 0): ArrayBuffer {
    return new ArrayBuffer(size + extra + Math.max(16 * 1024 * 1024, Math.ceil(size / 8)))
  }

  override slice(start?: number, end?: number): Uint8Array<ArrayBuffer> {
    if ((start ?? 0) === 0 && (end ?? this.length) === this.length) {
      this.adopted = true
      return new Uint8Array(this.buffer, this.byteOffset, this.buffer.byteLength - this.byteOffset)
    }
    return Uint8Array.prototype.slice.call(this, start, end)
  }
}
