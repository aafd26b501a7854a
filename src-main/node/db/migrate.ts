import type { Database } from 'sql.js'
import { DalelError } from '../../common/errors/DalelError'
import { migration001 } from './migrations/001_initial'
import { migration002 } from './migrations/002_links'
import { migration003 } from './migrations/003_fold_yo'
import { migration004 } from './migrations/004_timeline_order'

/** In order; the index + 1 is the schema version a migration produces. Never edit one that shipped. */
const MIGRATIONS: readonly ((db: Database) => void)[] = [
  migration001,
  migration002,
  migration003,
  migration004
]

export const SCHEMA_VERSION = MIGRATIONS.length

export function schemaVersion(db: Database): number {
  const value = db.exec('PRAGMA user_version')[0]?.values[0]?.[0]
  return typeof value === 'number' ? value : 0
}

/**
 * Brings a database to SCHEMA_VERSION, each step in its own transaction.
 * @returns the version it was at
 */
export function migrate(db: Database): number {
  const from = schemaVersion(db)
  if (from > SCHEMA_VERSION)
    throw new DalelError('unsupported-version', { version: `schema ${from}` })
  for (let version = from; version < SCHEMA_VERSION; version++) {
    const step = MIGRATIONS[version]
    if (step === undefined) break
    db.exec('BEGIN')
    try {
      step(db)
      db.exec(`PRAGMA user_version = ${version + 1}`)
      db.exec('COMMIT')
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  }
  return from
}
