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
  private heap: Buffer

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
    const sqlPointer = c._malloc(text.length + 4)
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
    const pointer =
      this.type(column) === SQLITE_BLOB
        ? this.c._sqlite3_column_blob(this.stmt, column)
        : this.c._sqlite3_column_text(this.stmt, column)
    // After the pointer: asking for the bytes first could convert the value in between.
    const length = this.c._sqlite3_column_bytes(this.stmt, column)
    return this.view().subarray(pointer, pointer + length)
  }

  /** Finalizes the statement; nothing may be read after. */
  free(): void {
    if (this.stmt !== 0) this.c._sqlite3_finalize(this.stmt)
    this.stmt = 0
  }

  /** All of sql.js's memory: a new view once the memory has grown (the old one is detached). */
  private view(): Buffer {
    if (this.heap.buffer !== this.memory.buffer) this.heap = Buffer.from(this.memory.buffer)
    return this.heap
  }
}

/** SQLite's message for the last error on `db`. */
function errorOf(c: SqliteCApi, memory: WasmMemory, db: number): string {
  const pointer = c._sqlite3_errmsg(db)
  const bytes = new Uint8Array(memory.buffer)
  const end = bytes.indexOf(0, pointer)
  return Buffer.from(bytes.buffer, pointer, Math.max(0, end - pointer)).toString('utf8')
}
