import type { Database } from 'sql.js'
import { describe, expect, it } from 'vitest'
import type { ChainLink } from '../../common/chain/ChainLink'
import { toSha256Hex, toSignatureHex } from '../../common/encoding/brands'
import type { Entry } from '../../common/entry/Entry'
import type { VerificationRow } from './entryColumns'
import { HeapStatement } from './HeapStatement'
import { sqlJsHeap } from './loadSqlJs'
import { VaultDatabase } from './VaultDatabase'

/** Rows as stored by an append; `body` decides how long each entry's text is. */
async function databaseOf(count: number, body: (seq: number) => string): Promise<VaultDatabase> {
  const db = await VaultDatabase.create()
  for (let seq = 1; seq <= count; seq++) {
    const entry: Entry = {
      seq,
      id: `0190a0b0-0000-7000-8000-${String(seq).padStart(12, '0')}`,
      kind: 'note',
      recordedAt: '2026-03-01T09:00:00.000Z',
      author: 'Тест',
      title: `Жазба ${seq}`,
      payload: { body: body(seq) },
      attachments: []
    }
    const hex = (byte: number, bytes: number) => byte.toString(16).padStart(2, '0').repeat(bytes)
    const link: ChainLink = {
      seq,
      commitment: toSha256Hex(hex(seq % 256, 32)),
      chain: toSha256Hex(hex((seq * 7) % 256, 32)),
      signature: toSignatureHex(hex((seq * 13) % 256, 64))
    }
    db.insertEntry(entry, JSON.stringify(entry), hex((seq * 3) % 256, 32), link, [])
  }
  return db
}

const rawOf = (db: VaultDatabase): Database => (db as unknown as { db: Database }).db

/**
 * Every row, its bytes copied as Buffers before the next row is read (the heap's view of the
 * entry is not to be kept; the readers' Uint8Array and Buffer compare as different types).
 */
function rowsOf(db: VaultDatabase, reader: 'heap' | 'sql.js', between?: () => void) {
  const copy = (bytes: Uint8Array | null) => (bytes === null ? null : Buffer.from(bytes))
  const rows: VerificationRow[] = []
  for (const row of db.verificationRows(reader)) {
    rows.push({
      ...row,
      entryJson: copy(row.entryJson),
      salt: copy(row.salt),
      commitment: copy(row.commitment),
      chain: copy(row.chain),
      signature: copy(row.signature)
    })
    between?.()
  }
  return rows
}

describe("reading verification's rows from SQLite's memory", () => {
  it('reads through the heap in this sql.js, not through the slower fallback', async () => {
    const db = await VaultDatabase.create()
    const statement = HeapStatement.prepare(rawOf(db), 'SELECT 1')
    expect(statement).toBeDefined()
    statement?.free()
    db.close()
  })

  it('gives every row exactly as sql.js reads it, whatever was stored in it', async () => {
    // Long entries span SQLite's overflow pages; short ones sit in one page.
    const db = await databaseOf(40, (seq) => 'Обыск в редакции. '.repeat(seq % 5 === 0 ? 600 : seq))
    const changes = [
      'UPDATE entries SET entry_json = NULL, salt = NULL, withdrawn_by = 12 WHERE seq = 3',
      "UPDATE entries SET entry_json = '' WHERE seq = 4",
      'UPDATE entries SET salt = upper(salt) WHERE seq = 5',
      'UPDATE entries SET commitment = unhex(commitment) WHERE seq = 6',
      'UPDATE entries SET chain = 12345 WHERE seq = 7',
      'UPDATE entries SET signature = substr(signature, 2) WHERE seq = 8',
      "UPDATE entries SET id = 'идентификатор', kind = 'нота' WHERE seq = 9",
      "UPDATE entries SET entry_json = CAST(x'7bff00fe7d' AS TEXT) WHERE seq = 10",
      "UPDATE entries SET chain = substr(chain, 1, 63) || 'G' WHERE seq = 11",
      "UPDATE entries SET salt = substr(salt, 1, 62) || 'é' WHERE seq = 13",
      'UPDATE entries SET entry_json = CAST(entry_json AS BLOB) WHERE seq = 14',
      "UPDATE entries SET signature = signature || 'ab' WHERE seq = 15",
      "UPDATE entries SET commitment = '' WHERE seq = 16"
    ]
    for (const sql of changes) rawOf(db).run(sql)
    const heap = rowsOf(db, 'heap')
    expect(heap).toHaveLength(40)
    expect(heap).toEqual(rowsOf(db, 'sql.js'))
    // The cases above are what they say, not rows that both readers happen to skip.
    expect(heap[2]).toMatchObject({ entryJson: null, salt: null, withdrawnBy: 12 })
    expect(heap[3]?.entryJson).toEqual(Buffer.alloc(0))
    expect(heap.slice(4, 8).map((r) => [r.salt, r.commitment, r.chain, r.signature])).toEqual([
      [null, expect.any(Uint8Array), expect.any(Uint8Array), expect.any(Uint8Array)],
      [expect.any(Uint8Array), null, expect.any(Uint8Array), expect.any(Uint8Array)],
      [expect.any(Uint8Array), expect.any(Uint8Array), null, expect.any(Uint8Array)],
      [expect.any(Uint8Array), expect.any(Uint8Array), expect.any(Uint8Array), null]
    ])
    expect(heap[8]).toMatchObject({ id: 'идентификатор', kind: 'нота' })
    expect(heap[9]?.entryJson).toEqual(Buffer.from([0x7b, 0xff, 0x00, 0xfe, 0x7d]))
    expect([heap[10]?.chain, heap[12]?.salt, heap[14]?.signature, heap[15]?.commitment]).toEqual([
      null,
      null,
      null,
      null
    ])
    expect(heap[0]?.chain).toEqual(Buffer.alloc(32, 7))
    expect(heap[0]?.signature).toEqual(Buffer.alloc(64, 13))
    db.close()
  })

  it("keeps reading the right bytes when sql.js's memory grows between two rows", async () => {
    const db = await databaseOf(6, (seq) => `Повестка №${seq}. `.repeat(200))
    const heap = sqlJsHeap()
    if (heap === undefined) throw new Error("sql.js's memory is not reachable")
    const before = heap.memory.buffer.byteLength
    const grown: number[] = []
    const rows = rowsOf(db, 'heap', () => {
      // More than sql.js keeps free: wasm memory grows, and every view of it taken before
      // is detached (reads as empty).
      grown.push(heap.api._malloc(32 * 1024 * 1024))
    })
    for (const pointer of grown) heap.api._free(pointer)
    expect(grown.every((pointer) => pointer !== 0)).toBe(true)
    expect(heap.memory.buffer.byteLength).toBeGreaterThan(before)
    expect(rows).toEqual(rowsOf(db, 'sql.js'))
    expect(rows.every((r) => (r.entryJson?.length ?? 0) > 3000)).toBe(true)
    db.close()
  })

  it('throws as sql.js does when a number or a text column holds something else', async () => {
    for (const sql of [
      "UPDATE entries SET withdrawn_by = 'два' WHERE seq = 2",
      'UPDATE entries SET id = CAST(id AS BLOB) WHERE seq = 2'
    ]) {
      const db = await databaseOf(3, () => 'Протокол')
      rawOf(db).run(sql)
      expect(() => rowsOf(db, 'sql.js'), sql).toThrow(/expected/)
      expect(() => rowsOf(db, 'heap'), sql).toThrow(/expected/)
      db.close()
    }
  })
})
