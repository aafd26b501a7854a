import initSqlJs from 'sql.js'
import { describe, expect, it } from 'vitest'
import { VaultDatabase } from '../VaultDatabase'
import { migration001 } from './001_initial'

describe('migration002 (links)', () => {
  it('fills the links of entries a schema-1 vault already holds, and VaultDatabase reads them', async () => {
    const SQL = await initSqlJs()
    const db = new SQL.Database()
    migration001(db)
    db.exec('PRAGMA user_version = 1')
    const insert = (seq: number, payload: unknown) => {
      db.run(
        `INSERT INTO entries (seq, id, kind, recorded_at, title, entry_json, salt, commitment, chain, signature)
         VALUES (?, ?, 'custody', '2026-03-01T09:00:00.000Z', 't', ?, '', ?, ?, ?)`,
        [
          seq,
          `id-${seq}`,
          JSON.stringify({ seq, payload }),
          'a'.repeat(64),
          'b'.repeat(64),
          'c'.repeat(128)
        ]
      )
    }
    // A backup's custody entry, then a failed one naming it (written before schema 2).
    insert(1, { action: 'backup', recipient: '/media/usb' })
    insert(2, { action: 'backup-failed', about: [{ seq: 1, id: 'id-1' }], failure: 'disk-full' })
    const image = db.export()
    db.close()

    const migrated = await VaultDatabase.load(image)
    try {
      expect(migrated.linkingTo(1).map((row) => row.seq)).toEqual([2])
      expect(migrated.linkingTo(2)).toEqual([])
    } finally {
      migrated.close()
    }
  })
})
