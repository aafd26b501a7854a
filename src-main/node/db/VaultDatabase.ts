import initSqlJs from 'sql.js'
import type { Database, SqlJsStatic, SqlValue, Statement } from 'sql.js'
import type { ChainLink } from '../../common/chain/ChainLink'
import { toSha256Hex, toSignatureHex } from '../../common/encoding/brands'
import type { Entry, EntryKind } from '../../common/entry/Entry'
import { searchText } from '../../common/entry/searchText'
import { utf8 } from '../../common/encoding/bytes'
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

/** What entries_fts holds of an entry. */
interface SearchText {
  title: string
  body: string
  fields: string
}

/** Entries whose search text may wait for the index (see VaultDatabase.unsearchable): a few MB. */
const MAX_UNSEARCHABLE = 4096

export type VerificationRow = Pick<
  EntryRow,
  'seq' | 'id' | 'kind' | 'entryJson' | 'salt' | 'link' | 'withdrawnBy'
>

export interface ListQuery {
  kinds?: readonly EntryKind[]
  limit?: number
  /** entries with seq below this (for paging backwards from the newest) */
  beforeSeq?: number
}

const ROW_COLUMNS =
  'seq, id, kind, recorded_at, occurred_at, title, entry_json, salt, commitment, chain, signature, target_seq, withdrawn_by'

/**
 * A text parameter passed as its UTF-8 bytes. sql.js encodes a string parameter to UTF-8 in a
 * JavaScript loop, one character at a time, which was a third of an append's database time;
 * TextEncoder is native, and SQLite's CAST of the bytes stores exactly the same TEXT value.
 */
const TEXT = 'CAST(? AS TEXT)'

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
 * A SQLite image that sql.js can take as its in-memory file instead of copying it, with room
 * to grow. sql.js (1.16, pinned) creates the database file from the image with the
 * file system's `write`, which on a new file keeps `image.slice(0, length)`: here that slice
 * is a view of this very memory, running to the end of its ArrayBuffer, so that the file
 * also grows into the spare room without being copied to a larger buffer. `adopted` says
 * whether sql.js took it; if a later sql.js copies instead, nothing breaks, and the image
 * is wiped as any copy would be. For a 360 MiB database this saves 360 MiB of peak memory
 * and the time of the copy at every unlock.
 */
export class DatabaseImage extends Uint8Array {
  adopted = false

  /** Derived arrays (subarray, map…) are plain Uint8Arrays. */
  static get [Symbol.species](): Uint8ArrayConstructor {
    return Uint8Array
  }

  /**
   * Room for an image of `size` bytes, and `extra` more in the same buffer (the caller may
   * use it, e.g. to read the sealed file in), plus room for the database to grow: a
   * journal's worth of entries and more. Memory never written is never paged in.
   */
  static allocate(size: number, extra = 0): ArrayBuffer {
    return new ArrayBuffer(size + extra + Math.max(16 * 1024 * 1024, Math.ceil(size / 8)))
  }

  override slice(start?: number, end?: number): Uint8Array<ArrayBuffer> {
    if ((start ?? 0) === 0 && (end ?? this.length) === this.length) {
      this.adopted = true
      return new Uint8Array(this.buffer, this.byteOffset, this.buffer.byteLength - this.byteOffset)
    }
    return Uint8Array.prototype.slice.call(this, start, end)
  }
}

/**
 * The database lives in sql.js's in-memory file system and is durable only through the
 * encrypted journal and snapshot: SQLite's own rollback journal is kept in memory (a file
 * would only be more copying inside wasm), and syncing a file that is not on disk is moot.
 */
function applyPragmas(db: Database): void {
  db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE')
}

/**
 * The vault's index and content, in sql.js (SQLite compiled to wasm, entirely in memory).
 * Its image is written to disk only encrypted, as snapshot.bin.
 */
export class VaultDatabase {
  /** Prepared once and reused: preparing a statement costs more than running it. */
  private readonly statements = new Map<string, Statement>()

  private constructor(
    private readonly db: Database,
    /** the image sql.js took as its file (see DatabaseImage), wiped at close */
    private readonly adoptedImage: DatabaseImage | null = null
  ) {
    applyPragmas(db)
  }

  /** Whether the image given to load is now the database's own memory (not to be wiped). */
  get ownsImage(): boolean {
    return this.adoptedImage !== null
  }

  /**
   * Starts loading sql.js (compiling its wasm) without waiting for it, so an unlock can do
   * it while Argon2id runs.
   */
  static preload(): void {
    loadSql().catch(() => undefined)
  }

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
    const adopted = image instanceof DatabaseImage && image.adopted ? image : null
    try {
      migrate(db)
    } catch (error) {
      db.close()
      adopted?.fill(0)
      throw error
    }
    return new VaultDatabase(db, adopted)
  }

  /**
   * The SQLite image. sql.js 1.16 exports through SQLite's backup API and keeps the
   * connection (and so its pragmas and prepared statements); older versions closed and
   * reopened it, so the pragmas are applied again in case a future one does too. Call only
   * between transactions: the backup refuses to copy an open write transaction.
   */
  export(): Uint8Array {
    this.flushSearchIndex()
    const image = this.db.export()
    applyPragmas(this.db)
    return image
  }

  close(): void {
    for (const statement of this.statements.values()) statement.free()
    this.statements.clear()
    this.db.close()
    // Whatever the file system still keeps of it, or left behind when it grew the file.
    if (this.adoptedImage !== null)
      new Uint8Array(this.adoptedImage.buffer, this.adoptedImage.byteOffset).fill(0)
  }

  private prepared(sql: string): Statement {
    let statement = this.statements.get(sql)
    if (statement === undefined) {
      statement = this.db.prepare(sql)
      this.statements.set(sql, statement)
    }
    return statement
  }

  /** Runs a cached statement that returns no rows. */
  private run(sql: string, params: SqlValue[]): void {
    this.prepared(sql).run(params)
  }

  /** The first row of a cached query, or undefined. */
  private first(sql: string, params: SqlValue[] = []): SqlValue[] | undefined {
    const statement = this.prepared(sql)
    try {
      statement.bind(params)
      return statement.step() ? statement.get() : undefined
    } finally {
      statement.reset()
    }
  }

  /** Every row of a cached query. */
  private all(sql: string, params: SqlValue[] = []): SqlValue[][] {
    const statement = this.prepared(sql)
    const rows: SqlValue[][] = []
    try {
      statement.bind(params)
      while (statement.step()) rows.push(statement.get())
    } finally {
      statement.reset()
    }
    return rows
  }

  getMeta(key: string): string | undefined {
    const value = this.first('SELECT value FROM meta WHERE key = ?', [key])?.[0]
    return typeof value === 'string' ? value : undefined
  }

  setMeta(key: string, value: string): void {
    this.run(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      [key, value]
    )
  }

  /** The last seq and its chain hash (hex), or seq 0 for an empty vault. */
  head(): { seq: number; chain: string | null } {
    const row = this.first('SELECT seq, chain FROM entries ORDER BY seq DESC LIMIT 1')
    return row === undefined ? { seq: 0, chain: null } : { seq: num(row[0]), chain: str(row[1]) }
  }

  count(): number {
    return num(this.first('SELECT count(*) FROM entries')?.[0])
  }

  /** Indexes one entry in a transaction of its own (see stageEntry). */
  insertEntry(
    entry: Entry,
    jcs: string,
    saltHex: string,
    link: ChainLink,
    blobNames: readonly string[]
  ): void {
    this.stageEntry(entry, jcs, saltHex, link, blobNames)
    this.commit()
    if (this.unsearchable.size >= MAX_UNSEARCHABLE) this.flushSearchIndex()
  }

  /**
   * Full-text rows are written in batches, not one per append: tokenizing an entry with
   * unicode61 and writing its FTS4 segment was half of an append's database work, and most
   * of its time beyond the disk's own. An indexed entry's search text waits here until a
   * search needs it, the image is exported (every snapshot holds the whole index), or
   * MAX_UNSEARCHABLE are waiting; the batch then costs less per entry than one at a time.
   * Search results are therefore the same as if every entry had been written at once.
   */
  private readonly unsearchable = new Map<number, SearchText>()
  /**
   * While a transaction is open: what puts `unsearchable` back as it was, should the
   * transaction be rolled back (a withdrawal whose journal record could not be written).
   */
  private undo: (() => void)[] | null = null

  private defer(seq: number, text: SearchText): void {
    this.unsearchable.set(seq, text)
    this.undo?.push(() => this.unsearchable.delete(seq))
  }

  /** Drops an entry's waiting search text; false when it has none waiting (its row is in entries_fts). */
  private forget(seq: number): boolean {
    const text = this.unsearchable.get(seq)
    if (text === undefined) return false
    this.unsearchable.delete(seq)
    this.undo?.push(() => this.unsearchable.set(seq, text))
    return true
  }

  /** Writes every waiting search text to entries_fts, inside the open transaction if there is one. */
  flushSearchIndex(): void {
    if (this.unsearchable.size === 0) return
    const waiting = [...this.unsearchable]
    const own = this.undo === null
    if (own) this.begin()
    try {
      for (const [seq, text] of waiting) {
        this.run(
          `INSERT INTO entries_fts (docid, title, body, fields) VALUES (?, ${TEXT}, ${TEXT}, ${TEXT})`,
          [seq, utf8(text.title), utf8(text.body), utf8(text.fields)]
        )
      }
      if (own) this.commit()
    } catch (error) {
      if (own) this.rollback()
      throw error
    }
    this.unsearchable.clear()
    this.undo?.push(() => {
      for (const [seq, text] of waiting) this.unsearchable.set(seq, text)
    })
  }

  /**
   * Indexes one entry in a transaction left open, for commit() once its journal record is
   * durable or rollback() if writing it failed. On an error nothing is left staged.
   */
  stageEntry(
    entry: Entry,
    jcs: string,
    saltHex: string,
    link: ChainLink,
    blobNames: readonly string[]
  ): void {
    this.begin()
    try {
      this.insertRows(entry, jcs, saltHex, link, blobNames)
    } catch (error) {
      this.rollback()
      throw error
    }
  }

  /**
   * Takes out an entry that insertEntry indexed, when its journal record could not be
   * written. Only for entries that changed no other row: not for withdrawals.
   */
  removeEntry(seq: number): void {
    this.begin()
    try {
      if (!this.forget(seq)) this.run('DELETE FROM entries_fts WHERE docid = ?', [seq])
      this.run('DELETE FROM attachments WHERE seq = ?', [seq])
      this.run('DELETE FROM entries WHERE seq = ?', [seq])
      this.commit()
    } catch (error) {
      this.rollback()
      throw error
    }
  }

  begin(): void {
    this.run('BEGIN', [])
    this.undo = []
  }

  commit(): void {
    this.run('COMMIT', [])
    this.undo = null
  }

  rollback(): void {
    this.run('ROLLBACK', [])
    const undo = this.undo ?? []
    this.undo = null
    for (const step of undo.reverse()) step()
  }

  /** The rows of one entry, inside the caller's transaction. */
  insertRows(
    entry: Entry,
    jcs: string,
    saltHex: string,
    link: ChainLink,
    blobNames: readonly string[]
  ): void {
    const target =
      entry.kind === 'amendment' || entry.kind === 'withdrawal' ? entry.payload.target.seq : null
    this.run(
      `INSERT INTO entries (${ROW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ${TEXT}, ${TEXT}, ?, ?, ?, ?, ?, NULL)`,
      [
        entry.seq,
        entry.id,
        entry.kind,
        entry.recordedAt,
        entry.occurredAt ?? null,
        utf8(entry.title),
        utf8(jcs),
        saltHex,
        link.commitment,
        link.chain,
        link.signature,
        target
      ]
    )
    entry.attachments.forEach((attachment, position) => {
      this.run(
        'INSERT INTO attachments (seq, position, sha256, blob_name, size) VALUES (?, ?, ?, ?, ?)',
        [entry.seq, position, attachment.sha256, blobNames[position] ?? '', attachment.size]
      )
    })
    this.defer(entry.seq, { title: entry.title, ...searchText(entry) })
    if (entry.kind === 'withdrawal') this.withdraw(entry.payload.target.seq, entry.seq)
  }

  /**
   * Destroys an entry's content and salt; its link stays, so the chain still verifies.
   * Returns the blob names its attachments used (the caller deletes those no other entry uses).
   */
  private withdraw(targetSeq: number, bySeq: number): void {
    this.run(
      'UPDATE entries SET title = NULL, entry_json = NULL, salt = NULL, occurred_at = NULL, withdrawn_by = ? WHERE seq = ?',
      [bySeq, targetSeq]
    )
    if (!this.forget(targetSeq)) this.run('DELETE FROM entries_fts WHERE docid = ?', [targetSeq])
    this.run("UPDATE attachments SET blob_name = '' WHERE seq = ?", [targetSeq])
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
    const v = this.first(`SELECT ${ROW_COLUMNS} FROM entries WHERE seq = ?`, [seq])
    return v === undefined ? undefined : toRow(v)
  }

  byId(id: string): EntryRow | undefined {
    const v = this.first(`SELECT ${ROW_COLUMNS} FROM entries WHERE id = ?`, [id])
    return v === undefined ? undefined : toRow(v)
  }

  /** Entries that amend or withdraw `seq`, oldest first. */
  referencing(seq: number): EntryRow[] {
    return this.all(`SELECT ${ROW_COLUMNS} FROM entries WHERE target_seq = ? ORDER BY seq`, [
      seq
    ]).map(toRow)
  }

  attachmentBlobs(seq: number): { sha256: string; blobName: string; size: number }[] {
    return this.all(
      'SELECT sha256, blob_name, size FROM attachments WHERE seq = ? ORDER BY position',
      [seq]
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
    this.flushSearchIndex()
    const sql = `SELECT ${ROW_COLUMNS} FROM entries WHERE seq IN (SELECT docid FROM entries_fts WHERE entries_fts MATCH ?) ORDER BY seq DESC LIMIT ?`
    return (this.db.exec(sql, [match, limit])[0]?.values ?? []).map(toRow)
  }

  /** seq, chain hash and signature of every entry in seq order: what signature checks need, and no more. */
  signatureLinks(): { seq: number; chain: string; signature: string }[] {
    return this.all('SELECT seq, chain, signature FROM entries ORDER BY seq').map((v) => ({
      seq: num(v[0]),
      chain: str(v[1]),
      signature: str(v[2])
    }))
  }

  /**
   * What verification reads of every row, in seq order, one at a time: the columns it checks
   * and no others (decoding the rest was a tenth of its time).
   */
  *verificationRows(): Generator<VerificationRow> {
    const stmt = this.db.prepare(
      'SELECT seq, id, kind, entry_json, salt, commitment, chain, signature, withdrawn_by FROM entries ORDER BY seq'
    )
    try {
      while (stmt.step()) {
        const v = stmt.get()
        const seq = num(v[0])
        yield {
          seq,
          id: str(v[1]),
          kind: str(v[2]) as EntryKind,
          entryJson: strOrNull(v[3]),
          salt: strOrNull(v[4]),
          link: {
            seq,
            commitment: toSha256Hex(str(v[5])),
            chain: toSha256Hex(str(v[6])),
            signature: toSignatureHex(str(v[7]))
          },
          withdrawnBy: numOrNull(v[8])
        }
      }
    } finally {
      stmt.free()
    }
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
