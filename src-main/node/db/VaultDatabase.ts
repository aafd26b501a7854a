import initSqlJs from 'sql.js'
import type { Database, SqlJsStatic, SqlValue } from 'sql.js'
import type { ChainLink } from '../../common/chain/ChainLink'
import { toSha256Hex, toSignatureHex } from '../../common/encoding/brands'
import type { Entry, EntryKind } from '../../common/entry/Entry'
import { searchText } from '../../common/entry/searchText'
import { migrate } from './migrate'

let sqlReady: Promise<SqlJsStatic> | undefined

async function loadSql(): Promise<SqlJsStatic> {
  sqlReady ??= initSqlJs()
  return sqlReady
}

/** A row of `entries`: the chain link always, the content unless withdrawn. */
export interface EntryRow {
  seq: number
  id: string
  kind: EntryKind
  recordedAt: string
  occurredAt: string | null
  title: string | null
  /** the JCS text committed to; null once withdrawn */
  entryJson: string | null
  /** hex; null once withdrawn */
  salt: string | null
  link: ChainLink
  targetSeq: number | null
  withdrawnBy: number | null
}

export interface ListQuery {
  kinds?: readonly EntryKind[]
  limit?: number
  /** entries with seq below this (for paging backwards from the newest) */
  beforeSeq?: number
}

const ROW_COLUMNS =
  'seq, id, kind, recorded_at, occurred_at, title, entry_json, salt, commitment, chain, signature, target_seq, withdrawn_by'

function str(value: SqlValue | undefined): string {
  if (typeof value !== 'string') throw new Error('expected text in the database')
  return value
}
function num(value: SqlValue | undefined): number {
  if (typeof value !== 'number') throw new Error('expected a number in the database')
  return value
}
function strOrNull(value: SqlValue | undefined): string | null {
  return value === null || value === undefined ? null : str(value)
}
function numOrNull(value: SqlValue | undefined): number | null {
  return value === null || value === undefined ? null : num(value)
}

function toRow(v: SqlValue[]): EntryRow {
  return {
    seq: num(v[0]),
    id: str(v[1]),
    kind: str(v[2]) as EntryKind,
    recordedAt: str(v[3]),
    occurredAt: strOrNull(v[4]),
    title: strOrNull(v[5]),
    entryJson: strOrNull(v[6]),
    salt: strOrNull(v[7]),
    link: {
      seq: num(v[0]),
      commitment: toSha256Hex(str(v[8])),
      chain: toSha256Hex(str(v[9])),
      signature: toSignatureHex(str(v[10]))
    },
    targetSeq: numOrNull(v[11]),
    withdrawnBy: numOrNull(v[12])
  }
}

/**
 * Turns what a person typed into an FTS4 MATCH expression: every word must occur, as a
 * prefix, in any column. Words are quoted, so no FTS operator syntax can be injected.
 */
export function ftsQuery(typed: string): string | null {
  const words = typed.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []
  if (words.length === 0) return null
  return words.map((word) => `"${word}*"`).join(' ')
}

/**
 * The vault's index and content, in sql.js (SQLite compiled to wasm, entirely in memory).
 * Its image is written to disk only encrypted, as snapshot.bin.
 */
export class VaultDatabase {
  private constructor(private readonly db: Database) {}

  static async create(): Promise<VaultDatabase> {
    const SQL = await loadSql()
    const db = new SQL.Database()
    migrate(db)
    return new VaultDatabase(db)
  }

  /** @param image a SQLite image, decrypted in memory */
  static async load(image: Uint8Array): Promise<VaultDatabase> {
    const SQL = await loadSql()
    const db = new SQL.Database(image)
    migrate(db)
    return new VaultDatabase(db)
  }

  /**
   * The SQLite image. sql.js closes and reopens the database to export it, which drops
   * connection state: call only between transactions, and pragmas would need re-applying
   * here (Dalel sets none that outlive a connection).
   */
  export(): Uint8Array {
    return this.db.export()
  }

  close(): void {
    this.db.close()
  }

  getMeta(key: string): string | undefined {
    const value = this.db.exec('SELECT value FROM meta WHERE key = ?', [key])[0]?.values[0]?.[0]
    return typeof value === 'string' ? value : undefined
  }

  setMeta(key: string, value: string): void {
    this.db.run(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      [key, value]
    )
  }

  /** The last seq and its chain hash (hex), or seq 0 for an empty vault. */
  head(): { seq: number; chain: string | null } {
    const row = this.db.exec('SELECT seq, chain FROM entries ORDER BY seq DESC LIMIT 1')[0]
      ?.values[0]
    return row === undefined ? { seq: 0, chain: null } : { seq: num(row[0]), chain: str(row[1]) }
  }

  count(): number {
    return num(this.db.exec('SELECT count(*) FROM entries')[0]?.values[0]?.[0])
  }

  insertEntry(
    entry: Entry,
    jcs: string,
    saltHex: string,
    link: ChainLink,
    blobNames: readonly string[]
  ): void {
    const target =
      entry.kind === 'amendment' || entry.kind === 'withdrawal' ? entry.payload.target.seq : null
    this.db.exec('BEGIN')
    try {
      this.db.run(
        `INSERT INTO entries (${ROW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
        [
          entry.seq,
          entry.id,
          entry.kind,
          entry.recordedAt,
          entry.occurredAt ?? null,
          entry.title,
          jcs,
          saltHex,
          link.commitment,
          link.chain,
          link.signature,
          target
        ]
      )
      entry.attachments.forEach((attachment, position) => {
        this.db.run(
          'INSERT INTO attachments (seq, position, sha256, blob_name, size) VALUES (?, ?, ?, ?, ?)',
          [entry.seq, position, attachment.sha256, blobNames[position] ?? '', attachment.size]
        )
      })
      const text = searchText(entry)
      this.db.run('INSERT INTO entries_fts (docid, title, body, fields) VALUES (?, ?, ?, ?)', [
        entry.seq,
        entry.title,
        text.body,
        text.fields
      ])
      if (entry.kind === 'withdrawal') this.withdraw(entry.payload.target.seq, entry.seq)
      this.db.exec('COMMIT')
    } catch (error) {
      this.db.exec('ROLLBACK')
      throw error
    }
  }

  /**
   * Destroys an entry's content and salt; its link stays, so the chain still verifies.
   * Returns the blob names its attachments used (the caller deletes those no other entry uses).
   */
  private withdraw(targetSeq: number, bySeq: number): void {
    this.db.run(
      'UPDATE entries SET title = NULL, entry_json = NULL, salt = NULL, occurred_at = NULL, withdrawn_by = ? WHERE seq = ?',
      [bySeq, targetSeq]
    )
    this.db.run('DELETE FROM entries_fts WHERE docid = ?', [targetSeq])
    this.db.run("UPDATE attachments SET blob_name = '' WHERE seq = ?", [targetSeq])
  }

  /** Blob names no longer referenced by any entry after withdrawals. */
  blobNamesIn(names: readonly string[]): Set<string> {
    const used = new Set<string>()
    const stmt = this.db.prepare('SELECT 1 FROM attachments WHERE blob_name = ? LIMIT 1')
    try {
      for (const name of names) {
        stmt.bind([name])
        if (stmt.step()) used.add(name)
        stmt.reset()
      }
    } finally {
      stmt.free()
    }
    return used
  }

  allBlobNames(): Set<string> {
    const names = new Set<string>()
    for (const v of this.db.exec(
      "SELECT DISTINCT blob_name FROM attachments WHERE blob_name != ''"
    )[0]?.values ?? []) {
      names.add(str(v[0]))
    }
    return names
  }

  bySeq(seq: number): EntryRow | undefined {
    const v = this.db.exec(`SELECT ${ROW_COLUMNS} FROM entries WHERE seq = ?`, [seq])[0]?.values[0]
    return v === undefined ? undefined : toRow(v)
  }

  byId(id: string): EntryRow | undefined {
    const v = this.db.exec(`SELECT ${ROW_COLUMNS} FROM entries WHERE id = ?`, [id])[0]?.values[0]
    return v === undefined ? undefined : toRow(v)
  }

  /** Entries that amend or withdraw `seq`, oldest first. */
  referencing(seq: number): EntryRow[] {
    return (
      this.db.exec(`SELECT ${ROW_COLUMNS} FROM entries WHERE target_seq = ? ORDER BY seq`, [seq])[0]
        ?.values ?? []
    ).map(toRow)
  }

  attachmentBlobs(seq: number): { sha256: string; blobName: string; size: number }[] {
    return (
      this.db.exec(
        'SELECT sha256, blob_name, size FROM attachments WHERE seq = ? ORDER BY position',
        [seq]
      )[0]?.values ?? []
    ).map((v) => ({ sha256: str(v[0]), blobName: str(v[1]), size: num(v[2]) }))
  }

  /** Every attachment row, grouped by seq, in one query (verification reads them all). */
  allAttachmentBlobs(): Map<number, { sha256: string; blobName: string; size: number }[]> {
    const bySeq = new Map<number, { sha256: string; blobName: string; size: number }[]>()
    const stmt = this.db.prepare(
      'SELECT seq, sha256, blob_name, size FROM attachments ORDER BY seq, position'
    )
    try {
      while (stmt.step()) {
        const v = stmt.get()
        const seq = num(v[0])
        let list = bySeq.get(seq)
        if (list === undefined) {
          list = []
          bySeq.set(seq, list)
        }
        list.push({ sha256: str(v[1]), blobName: str(v[2]), size: num(v[3]) })
      }
    } finally {
      stmt.free()
    }
    return bySeq
  }

  /** Newest first. */
  list(query: ListQuery = {}): EntryRow[] {
    const where: string[] = []
    const params: SqlValue[] = []
    if (query.kinds !== undefined && query.kinds.length > 0) {
      where.push(`kind IN (${query.kinds.map(() => '?').join(', ')})`)
      params.push(...query.kinds)
    }
    if (query.beforeSeq !== undefined) {
      where.push('seq < ?')
      params.push(query.beforeSeq)
    }
    const sql = `SELECT ${ROW_COLUMNS} FROM entries ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC ${
      query.limit !== undefined ? `LIMIT ${Math.max(0, Math.floor(query.limit))}` : ''
    }`
    return (this.db.exec(sql, params)[0]?.values ?? []).map(toRow)
  }

  /** Full-text search; newest first. An empty query matches nothing. */
  search(typed: string, limit = 200): EntryRow[] {
    const match = ftsQuery(typed)
    if (match === null) return []
    const sql = `SELECT ${ROW_COLUMNS} FROM entries WHERE seq IN (SELECT docid FROM entries_fts WHERE entries_fts MATCH ?) ORDER BY seq DESC LIMIT ?`
    return (this.db.exec(sql, [match, limit])[0]?.values ?? []).map(toRow)
  }

  /** Every row in seq order, one at a time, for verification without holding them all. */
  *rows(): Generator<EntryRow> {
    const stmt = this.db.prepare(`SELECT ${ROW_COLUMNS} FROM entries ORDER BY seq`)
    try {
      while (stmt.step()) yield toRow(stmt.get())
    } finally {
      stmt.free()
    }
  }
}
