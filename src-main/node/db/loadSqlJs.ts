import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import initSqlJs from 'sql.js'
import type { Database, SqlJsStatic } from 'sql.js'

/** What this file uses of the WebAssembly global (Node's types do not declare it). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer
}
interface WasmInstance {
  readonly exports: Record<string, unknown>
}
const wasm = (
  globalThis as unknown as {
    WebAssembly: {
      Memory: abstract new (...args: never[]) => WasmMemory
      instantiate(bytes: Uint8Array, imports: unknown): Promise<{ instance: WasmInstance }>
    }
  }
).WebAssembly

let sqlReady: Promise<SqlJsStatic> | undefined
let wasmMemory: WasmMemory | undefined
let loaded: SqlJsStatic | undefined

/**
 * Instantiates sql.js's wasm from the file sql.js itself would load (beside its script),
 * through emscripten's `instantiateWasm` hook, to keep the module's memory: HeapStatement
 * reads rows straight from it (sql.js copies a blob out one byte at a time in JavaScript).
 */
async function instantiate(imports: unknown): Promise<WasmInstance> {
  const file = createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm')
  const { instance } = await wasm.instantiate(await readFile(file), imports)
  wasmMemory = Object.values(instance.exports).find(
    (value): value is WasmMemory => value instanceof wasm.Memory
  )
  return instance
}

/**
 * sql.js started with the `instantiateWasm` hook. sql.js waits for the hook's callback, so
 * a failure to read or compile the wasm rejects through `failed` instead of leaving the
 * promise pending forever.
 */
async function startSqlJs(): Promise<SqlJsStatic> {
  let reject: (error: unknown) => void = () => undefined
  const failed = new Promise<never>((_, fail) => {
    reject = fail
  })
  // Its return value is not used when the callback gives the instance (sql.js 1.16).
  const instantiateWasm = (imports: unknown, done: (instance: never) => void): undefined => {
    const run = async () => {
      done((await instantiate(imports)) as never)
    }
    run().catch(reject)
    return undefined
  }
  const SQL = await Promise.race([initSqlJs({ instantiateWasm }), failed])
  loaded = SQL
  return SQL
}

/** sql.js, its wasm compiled once per process. */
export async function loadSqlJs(): Promise<SqlJsStatic> {
  sqlReady ??= startSqlJs()
  return sqlReady
}

/**
 * SQLite's C functions as sql.js exports them on its module (pointers and sizes are wasm
 * addresses and byte counts), for HeapStatement.
 */
export interface SqliteCApi {
  _sqlite3_prepare_v2(db: number, sql: number, bytes: number, stmt: number, tail: number): number
  _sqlite3_step(stmt: number): number
  _sqlite3_finalize(stmt: number): number
  _sqlite3_errmsg(db: number): number
  _sqlite3_column_type(stmt: number, column: number): number
  _sqlite3_column_double(stmt: number, column: number): number
  _sqlite3_column_text(stmt: number, column: number): number
  _sqlite3_column_blob(stmt: number, column: number): number
  _sqlite3_column_bytes(stmt: number, column: number): number
  _malloc(bytes: number): number
  _free(pointer: number): void
}

const C_FUNCTIONS: readonly (keyof SqliteCApi)[] = [
  '_sqlite3_prepare_v2',
  '_sqlite3_step',
  '_sqlite3_finalize',
  '_sqlite3_errmsg',
  '_sqlite3_column_type',
  '_sqlite3_column_double',
  '_sqlite3_column_text',
  '_sqlite3_column_blob',
  '_sqlite3_column_bytes',
  '_malloc',
  '_free'
]

/**
 * sql.js's wasm memory and its C functions, once loadSqlJs has loaded it; undefined before,
 * when sql.js was initialised elsewhere first (initSqlJs keeps its first instance and ignores
 * the hook after it), or when it no longer exports one of the functions.
 */
export function sqlJsHeap(): { api: SqliteCApi; memory: WasmMemory } | undefined {
  const api = loaded as unknown as Partial<Record<keyof SqliteCApi, unknown>> | undefined
  if (
    api === undefined ||
    wasmMemory === undefined ||
    !C_FUNCTIONS.every((name) => typeof api[name] === 'function')
  )
    return undefined
  return { api: api as SqliteCApi, memory: wasmMemory }
}

/**
 * The database lives in sql.js's in-memory file system and is durable only through the
 * encrypted journal and snapshot: SQLite's own rollback journal is kept in memory (a file
 * would only be more copying inside wasm), and syncing a file that is not on disk is moot.
 */
export function applyPragmas(db: Database): void {
  db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE')
}
