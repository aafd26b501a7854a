import initSqlJs from 'sql.js'
import { describe, expect, it } from 'vitest'
import { VaultDatabase } from '../VaultDatabase'
import { migration001 } from './001_initial'
import { migration002 } from './002_links'

describe('migration003 (timeline order indexes)', () => {
  it('indexes a schema-2 vault, which says it was migrated until its image holds the new schema', async () => {
    const SQL = await initSqlJs()
    const db = new SQL.Database()
    migration001(db)
    migration002(db)
    db.exec('PRAGMA user_version = 2')
    db.run(
      `INSERT INTO entries (seq, id, kind, recorded_at, occurred_at, title, entry_json, salt, commitment, chain, signature)
       VALUES (1, 'id-1', 'note', '2026-03-01T09:00:00.000Z', '2026-02-01T09:00:00+05:00', 't', '{}', '', '', '', '')`
    )
    const image = db.export()
    db.close()

    const migrated = await VaultDatabase.load(image)
    let again: VaultDatabase | undefined
    try {
      expect(migrated.migrated).toBe(true)
      const page = migrated.timeline({ order: 'occurred', limit: 10 })
      expect(page.rows.map((row) => row.at)).toEqual(['2026-02-01T04:00:00.000Z'])
      again = await VaultDatabase.load(migrated.export())
      expect(again.migrated).toBe(false)
    } finally {
      migrated.close()
      again?.close()
    }
  })
})
