import type { SqlValue } from 'sql.js'
import type { EntryKind } from '../../common/entry/Entry'
import {
  ROW,
  readSql,
  readVerificationRow,
  toRow,
  toVerificationRow,
  VERIFIED_COLUMNS
} from './entryColumns'
import type { EntryRow, VerificationRow } from './entryColumns'
import { HeapStatement } from './HeapStatement'
import type { SqlStatements } from './SqlStatements'

export interface ListQuery {
  kinds?: readonly EntryKind[]
  limit?: number
  /** entries with seq below this (for paging backwards from the newest) */
  beforeSeq?: number
}

/** An attachment's row: which blob holds it ('' once withdrawn). */
export interface AttachmentBlob {
  sha256: string
  blobName: string
  size: number
}

const { str, num } = readSql

/**
 * What the vault's database answers about its entries, attachments and settings, without
 * changing anything: VaultDatabase adds the writes and the database's life.
 */
export class EntryReads {
  constructor(protected readonly sql: SqlStatements) {}

  getMeta(key: string): string | undefined {
    const value = this.sql.first('SELECT value FROM meta WHERE key = ?', [key])?.[0]
    return typeof value === 'string' ? value : undefined
  }

  /** The last seq and its chain hash (hex), or seq 0 for an empty vault. */
  head(): { seq: number; chain: string | null } {
    const row = this.sql.first('SELECT seq, chain FROM entries ORDER BY seq DESC LIMIT 1')
    return row === undefined ? { seq: 0, chain: null } : { seq: num(row[0]), chain: str(row[1]) }
  }

  count(): number {
    return num(this.sql.first('SELECT count(*) FROM entries')?.[0])
  }

  /** Which of `names` some attachment still uses (after a withdrawal, the others may go). */
  blobNamesIn(names: readonly string[]): Set<string> {
    return new Set(
      names.filter(
        (name) =>
          this.sql.first('SELECT 1 FROM attachments WHERE blob_name = ? LIMIT 1', [name]) !==
          undefined
      )
    )
  }

  /** Every blob name some attachment uses. */
  allBlobNames(): Set<string> {
    return new Set(
      this.sql
        .all("SELECT DISTINCT blob_name FROM attachments WHERE blob_name != ''")
        .map((v) => str(v[0]))
    )
  }

  bySeq(seq: number): EntryRow | undefined {
    const v = this.sql.first(`SELECT ${ROW.list} FROM entries WHERE seq = ?`, [seq])
    return v === undefined ? undefined : toRow(v)
  }

  byId(id: string): EntryRow | undefined {
    const v = this.sql.first(`SELECT ${ROW.list} FROM entries WHERE id = ?`, [id])
    return v === undefined ? undefined : toRow(v)
  }

  /** Entries that amend or withdraw `seq`, oldest first. */
  referencing(seq: number): EntryRow[] {
    return this.sql
      .all(`SELECT ${ROW.list} FROM entries WHERE target_seq = ? ORDER BY seq`, [seq])
      .map(toRow)
  }

  /** The entries that name `seq` in their `about`, in chain order. */
  linkingTo(seq: number): EntryRow[] {
    return this.sql
      .all(
        `SELECT ${ROW.list} FROM entries WHERE seq IN (SELECT from_seq FROM links WHERE to_seq = ?) ORDER BY seq`,
        [seq]
      )
      .map(toRow)
  }

  attachmentBlobs(seq: number): AttachmentBlob[] {
    return this.sql
      .all('SELECT sha256, blob_name, size FROM attachments WHERE seq = ? ORDER BY position', [seq])
      .map((v) => ({ sha256: str(v[0]), blobName: str(v[1]), size: num(v[2]) }))
  }

  /** Every attachment row, grouped by seq, in one query (verification reads them all). */
  allAttachmentBlobs(): Map<number, AttachmentBlob[]> {
    const bySeq = new Map<number, AttachmentBlob[]>()
    for (const v of this.sql.each(
      'SELECT seq, sha256, blob_name, size FROM attachments ORDER BY seq, position'
    )) {
      const seq = num(v[0])
      let list = bySeq.get(seq)
      if (list === undefined) {
        list = []
        bySeq.set(seq, list)
      }
      list.push({ sha256: str(v[1]), blobName: str(v[2]), size: num(v[3]) })
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
    // LIMIT -1: no limit.
    params.push(query.limit !== undefined ? Math.max(0, Math.floor(query.limit)) : -1)
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
    return this.sql
      .all(`SELECT ${ROW.list} FROM entries ${filter} ORDER BY seq DESC LIMIT ?`, params)
      .map(toRow)
  }

  /**
   * What verification reads of every row, in seq order, one at a time: straight from
   * SQLite's memory (HeapStatement), each row's entry bytes valid only until the next row is
   * read; through sql.js's API when that memory is not reachable, or when asked (`sql.js`,
   * the reference the heap reader is tested against).
   */
  *verificationRows(reader: 'heap' | 'sql.js' = 'heap'): Generator<VerificationRow> {
    const query = `SELECT ${VERIFIED_COLUMNS} FROM entries ORDER BY seq`
    const heap = reader === 'heap' ? HeapStatement.prepare(this.sql.db, query) : undefined
    if (heap === undefined) {
      for (const v of this.sql.each(query)) yield toVerificationRow(v)
      return
    }
    try {
      while (heap.step()) yield readVerificationRow(heap)
    } finally {
      heap.free()
    }
  }

  /** Every row in seq order, one at a time, without holding them all. */
  *rows(): Generator<EntryRow> {
    for (const v of this.sql.each(`SELECT ${ROW.list} FROM entries ORDER BY seq`)) yield toRow(v)
  }
}
