import type { Database } from 'sql.js'
import { sqlJsHeap } from './loadSqlJs'
import type { SqliteCApi, WasmMemory } from './loadSqlJs'

/** sqlite3_step's answers, and sqlite3_column_type's (SQLite's C constants). */
const SQLITE_OK = 0
const SQLITE_ROW = 100
const SQLITE_DONE = 101
export const SQLITE_INTEGER = 1
export const SQLITE_FLOAT = 2
export const SQLITE_TEXT = 3
export const SQLITE_BLOB = 4
export const SQLITE_NULL = 5

/** Each byte's value as a lowercase hex digit, 255 for any other byte. */
const HEX_DIGIT = new Uint8Array(256).fill(255)
for (let d = 0; d < 16; d++) HEX_DIGIT['0123456789abcdef'.charCodeAt(d)] = d

/**
 * A query stepped through SQLite's C functions, its values read straight from sql.js's wasm
 * memory. sql.js's own Statement.get copies every blob out one byte at a time in JavaScript
 * and makes a JavaScript string of every text, 5 µs a row of verification's columns on a
 * 100,000-entry vault against 1.7 µs here, where a text or blob is a view of SQLite's own
 * bytes.
 *
 * It uses what sql.js (1.16, pinned) does not document: the Database's `db` (its sqlite3
 * handle) and the C functions its module exports. `prepare` gives undefined when either is
 * missing, and the caller reads through sql.js's API instead.
 */
export class HeapStatement {
  /** all of sql.js's memory, as of the last value read */
  private heap: Buffer
  /** the byte count of the last value located */
  private length = 0

  private constructor(
    private readonly c: SqliteCApi,
    private readonly memory: WasmMemory,
    private readonly db: number,
    private stmt: number
  ) {
    this.heap = Buffer.from(memory.buffer)
  }

  /** A prepared `sql` on `db`, or undefined when sql.js's memory or handle is not reachable. */
  static prepare(db: Database, sql: string): HeapStatement | undefined {
    const heap = sqlJsHeap()
    const handle = (db as unknown as { db?: unknown }).db
    if (heap === undefined || typeof handle !== 'number' || handle === 0) return undefined
    const { api: c, memory } = heap
    const text = Buffer.from(`${sql}\0`, 'utf8')
    // The text, then up to 3 bytes to align the 4-byte statement pointer SQLite writes back.
    const sqlPointer = c._malloc(text.length + 8)
    if (sqlPointer === 0) throw new Error('sql.js: out of memory preparing a statement')
    try {
      const stmtPointer = sqlPointer + text.length + ((4 - (text.length % 4)) % 4)
      // _malloc may have grown the memory: a view taken before it would be detached.
      const bytes = new Uint8Array(memory.buffer)
      bytes.set(text, sqlPointer)
      const rc = c._sqlite3_prepare_v2(handle, sqlPointer, -1, stmtPointer, 0)
      const stmt = new DataView(memory.buffer).getInt32(stmtPointer, true)
      if (rc !== SQLITE_OK || stmt === 0) throw new Error(`SQLite: ${errorOf(c, memory, handle)}`)
      return new HeapStatement(c, memory, handle, stmt)
    } finally {
      c._free(sqlPointer)
    }
  }

  /** The next row; false after the last. */
  step(): boolean {
    const rc = this.c._sqlite3_step(this.stmt)
    if (rc === SQLITE_ROW) return true
    if (rc === SQLITE_DONE) return false
    throw new Error(`SQLite: ${errorOf(this.c, this.memory, this.db)}`)
  }

  /** SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB or SQLITE_NULL. */
  type(column: number): number {
    return this.c._sqlite3_column_type(this.stmt, column)
  }

  /** The value as a number (integers up to 2^53 exactly). */
  number(column: number): number {
    return this.c._sqlite3_column_double(this.stmt, column)
  }

  /**
   * A TEXT value's UTF-8 bytes, or a BLOB's bytes (as the column's type says): a view of
   * SQLite's memory, valid only until the next step.
   */
  bytes(column: number): Buffer {
    const at = this.locate(column, this.type(column) === SQLITE_BLOB)
    return this.heap.subarray(at, at + this.length)
  }

  /** A BLOB value's bytes (any other type is converted), a view as `bytes` gives. */
  blob(column: number): Buffer {
    const at = this.locate(column, true)
    return this.heap.subarray(at, at + this.length)
  }

  /** A TEXT value (any other type is converted to text), decoded from UTF-8 as sql.js does. */
  text(column: number): string {
    const at = this.locate(column, false)
    return this.heap.toString('utf8', at, at + this.length)
  }

  /**
   * A TEXT value that is lowercase hex of exactly `bytes` bytes, decoded; null for any other
   * type, length or character. Read in place: a view per column cost more than the decoding.
   */
  lowerHex(column: number, bytes: number): Uint8Array | null {
    if (this.type(column) !== SQLITE_TEXT) return null
    const at = this.locate(column, false)
    if (this.length !== bytes * 2) return null
    const heap = this.heap
    const out = new Uint8Array(bytes)
    for (let i = 0; i < bytes; i++) {
      const high = HEX_DIGIT[heap[at + 2 * i] ?? 0] ?? 255
      const low = HEX_DIGIT[heap[at + 2 * i + 1] ?? 0] ?? 255
      if ((high | low) > 15) return null
      out[i] = (high << 4) | low
    }
    return out
  }

  /**
   * Where a value starts in `heap` (refreshed) as a BLOB's bytes or as UTF-8 text, its byte
   * count in `length`: sqlite3_column_bytes after the pointer, as SQLite asks, since asking
   * for the bytes first could convert the value in between.
   */
  private locate(column: number, blob: boolean): number {
    const at = blob
      ? this.c._sqlite3_column_blob(this.stmt, column)
      : this.c._sqlite3_column_text(this.stmt, column)
    this.length = this.c._sqlite3_column_bytes(this.stmt, column)
    // The memory may have grown since the last row: a view taken before it is detached.
    if (this.heap.buffer !== this.memory.buffer) this.heap = Buffer.from(this.memory.buffer)
    return at
  }

  /** Finalizes the statement; nothing may be read after. */
  free(): void {
    if (this.stmt !== 0) this.c._sqlite3_finalize(this.stmt)
    this.stmt = 0
  }
}

/** SQLite's message for the last error on `db`. */
function errorOf(c: SqliteCApi, memory: WasmMemory, db: number): string {
  const pointer = c._sqlite3_errmsg(db)
  const bytes = new Uint8Array(memory.buffer)
  const end = bytes.indexOf(0, pointer)
  return Buffer.from(bytes.buffer, pointer, Math.max(0, end - pointer)).toString('utf8')
}
