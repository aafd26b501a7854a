import initSqlJs from 'sql.js'
import { describe, expect, it } from 'vitest'
import { ftsQuery, VaultDatabase } from '../VaultDatabase'
import { migration001 } from './001_initial'
import { migration002 } from './002_links'

describe('migration003 (ё folded as е in the search index)', () => {
  it('makes the entries a schema-2 vault indexed with their ё findable as typed either way', async () => {
    // A vault as the previous version wrote it: entries_fts holds the text as written.
    const SQL = await initSqlJs()
    const db = new SQL.Database()
    migration001(db)
    migration002(db)
    db.exec('PRAGMA user_version = 2')
    const note = (seq: number, title: string, body: string) => {
      const entry = {
        seq,
        id: `0190a0b0-0000-7000-8000-${String(seq).padStart(12, '0')}`,
        kind: 'note',
        recordedAt: '2026-03-01T09:00:00.000Z',
        author: 'Test',
        title,
        payload: { body },
        attachments: []
      }
      db.run(
        `INSERT INTO entries (seq, id, kind, recorded_at, title, entry_json, salt, commitment, chain, signature)
         VALUES (?, ?, 'note', '2026-03-01T09:00:00.000Z', ?, ?, '', ?, ?, ?)`,
        [
          seq,
          entry.id,
          title,
          JSON.stringify(entry),
          'a'.repeat(64),
          'b'.repeat(64),
          'c'.repeat(128)
        ]
      )
      db.run('INSERT INTO entries_fts (docid, title, body, fields) VALUES (?, ?, ?, ?)', [
        seq,
        title,
        body,
        ''
      ])
    }
    note(1, 'ЁЛКА у отдела', 'Сотрудник ответил жёстко: «Всё удалите».')
    note(2, 'Звонок', 'Голос был жесткий, без акцента.')
    note(3, 'Тінту', 'Полиция ноутбукты алып кетті')
    const image = db.export()
    db.close()

    const migrated = await VaultDatabase.load(image)
    try {
      const seqs = (typed: string) => migrated.search(typed).map((row) => row.seq)
      expect(seqs('жестк')).toEqual([2, 1])
      expect(seqs('жёстк')).toEqual([2, 1])
      expect(seqs('елка')).toEqual([1])
      expect(seqs('ёлка')).toEqual([1])
      expect(seqs('все удалите')).toEqual([1])
      expect(seqs('ноутбукты')).toEqual([3])
      // (The snippet that quotes it as written: common/entry/searchSnippet.)
      const match = ftsQuery('жестк все') ?? ''
      const page = migrated.timeline({ order: 'recorded', limit: 10, match })
      expect(page.rows.map((row) => row.seq)).toEqual([1])
    } finally {
      migrated.close()
    }
  })
})
