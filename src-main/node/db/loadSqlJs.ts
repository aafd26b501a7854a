import initSqlJs from 'sql.js'
import type { Database, SqlJsStatic } from 'sql.js'

let sqlReady: Promise<SqlJsStatic> | undefined

/** sql.js, its wasm compiled once per process. */
export async function loadSqlJs(): Promise<SqlJsStatic> {
  sqlReady ??= initSqlJs()
  return sqlReady
}

/**
 * The database lives in sql.js's in-memory file system and is durable only through the
 * encrypted journal and snapshot: SQLite's own rollback journal is kept in memory (a file
 * would only be more copying inside wasm), and syncing a file that is not on disk is moot.
 */
export function applyPragmas(db: Database): void {
  db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE')
}
