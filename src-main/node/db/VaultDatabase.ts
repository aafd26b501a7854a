import initSqlJs from 'sql.js'
import type { Database, SqlJsStatic, SqlValue, Statement } from 'sql.js'
import type { ChainLink } from '../../common/chain/ChainLink'
import type { Entry, EntryKind } from '../../common/entry/Entry'
import { foldForSearch } from '../../common/entry/foldForSearch'
import { searchText } from '../../common/entry/searchText'
import { utf8 } from '../../common/encoding/bytes'
import { DatabaseImage } from './DatabaseImage'
import { DeferredSearchIndex, MAX_UNSEARCHABLE } from './DeferredSearchIndex'
import { ROW, readSql, toRow, toVerificationRow, VERIFIED_COLUMNS } from './entryColumns'
import type { EntryRow, VerificationRow } from './entryColumns'
import { SCHEMA_VERSION, migrate } from './migrate'
import { timelinePage } from './timelinePage'
import type { TimelineDbPage, TimelineQuery } from './timelinePage'

export { DatabaseImage } from './DatabaseImage'
export type { EntryRow, VerificationRow } from './entryColumns'

let sqlReady: Promise<SqlJsStatic> | undefined

async function loadSql(): Promise<SqlJsStatic> {
  sqlReady ??= initSqlJs()
  return sqlReady
}

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
 * A text parameter passed as its UTF-8 bytes. sql.js encodes a string parameter to UTF-8 in a
 * JavaScript loop, one character at a time, which was a third of an append's database time;
 * TextEncoder is native, and SQLite's CAST of the bytes stores exactly the same TEXT value.
 */
const TEXT = 'CAST(? AS TEXT)'

/**
 * Turns what a person typed into an FTS4 MATCH expression: every word must occur, as a
 * prefix, in any column. Words are quoted, so no FTS operator syntax can be injected. The
 * words are folded as the index is (foldForSearch: "жёсткий" and "жесткий" are one word).
 */
export function ftsQuery(typed: string): string | null {
  const words = foldForSearch(typed.normalize('NFC')).match(/[\p{L}\p{N}]+/gu) ?? []
  if (words.length === 0) return null
  return words.map((word) => `"${word}*"`).join(' ')
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
 *
 * One query style: `run`, `first` and `all` use statements prepared once and cached
 * (preparing costs more than running); `each` steps a statement of its own, so a caller
 * may query the database between the rows it yields.
 */
export class VaultDatabase {
  private readonly statements = new Map<string, Statement>()
  private readonly searchBatch = new DeferredSearchIndex()

  private constructor(
    private readonly db: Database,
    /** the image sql.js took as its file (see DatabaseImage), wiped at close */
    private readonly adoptedImage: DatabaseImage | null = null,
    /**
     * The image loaded was of an older schema and was migrated in memory: until a snapshot
     * holds the new schema, every unlock would migrate it again (building indexes over every
     * row), so the vault compacts when it locks.
     */
    readonly migrated = false
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
    let from: number
    try {
      from = migrate(db)
    } catch (error) {
      db.close()
      adopted?.fill(0)
      throw error
    }
    return new VaultDatabase(db, adopted, from < SCHEMA_VERSION)
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

  /** The rows of a query one at a time, from a statement of its own, freed when done. */
  private *each(sql: string, params: SqlValue[] = []): Generator<SqlValue[]> {
    const statement = this.db.prepare(sql)
    try {
      statement.bind(params)
      while (statement.step()) yield statement.get()
    } finally {
      statement.free()
    }
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
    if (this.searchBatch.size >= MAX_UNSEARCHABLE) this.flushSearchIndex()
  }

  /**
   * Writes every search text still waiting (DeferredSearchIndex) to entries_fts, inside the
   * open transaction if there is one.
   */
  flushSearchIndex(): void {
    this.searchBatch.flush((texts) => {
      const own = !this.searchBatch.inTransaction
      if (own) this.begin()
      try {
        for (const [seq, text] of texts) {
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
      if (!this.searchBatch.forget(seq)) this.run('DELETE FROM entries_fts WHERE docid = ?', [seq])
      this.run('DELETE FROM attachments WHERE seq = ?', [seq])
      this.run('DELETE FROM links WHERE from_seq = ?', [seq])
      this.run('DELETE FROM entries WHERE seq = ?', [seq])
      this.commit()
    } catch (error) {
      this.rollback()
      throw error
    }
  }

  begin(): void {
    this.run('BEGIN', [])
    this.searchBatch.began()
  }

  commit(): void {
    this.run('COMMIT', [])
    this.searchBatch.committed()
  }

  rollback(): void {
    this.run('ROLLBACK', [])
    this.searchBatch.rolledBack()
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
      `INSERT INTO entries (${ROW.list}) VALUES (?, ?, ?, ?, ?, ${TEXT}, ${TEXT}, ?, ?, ?, ?, ?, NULL)`,
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
    for (const ref of (entry.payload as { about?: readonly { seq: number }[] }).about ?? [])
      this.run('INSERT OR IGNORE INTO links (from_seq, to_seq) VALUES (?, ?)', [entry.seq, ref.seq])
    const { body, fields } = searchText(entry)
    this.searchBatch.defer(entry.seq, {
      title: foldForSearch(entry.title),
      body: foldForSearch(body),
      fields: foldForSearch(fields)
    })
    if (entry.kind === 'withdrawal') this.withdraw(entry.payload.target.seq, entry.seq)
  }

  /**
   * Destroys an entry's content and salt and forgets its attachments' blobs (blob_name
   * becomes ''); its link stays, so the chain still verifies. The caller deletes the blobs
   * no other entry uses (see blobNamesIn).
   */
  private withdraw(targetSeq: number, bySeq: number): void {
    this.run(
      'UPDATE entries SET title = NULL, entry_json = NULL, salt = NULL, occurred_at = NULL, withdrawn_by = ? WHERE seq = ?',
      [bySeq, targetSeq]
    )
    if (!this.searchBatch.forget(targetSeq))
      this.run('DELETE FROM entries_fts WHERE docid = ?', [targetSeq])
    this.run("UPDATE attachments SET blob_name = '' WHERE seq = ?", [targetSeq])
    // Its links were part of its content: a withdrawn entry refers to nothing any more.
    this.run('DELETE FROM links WHERE from_seq = ?', [targetSeq])
  }

  /** Which of `names` some attachment still uses (after a withdrawal, the others may go). */
  blobNamesIn(names: readonly string[]): Set<string> {
    return new Set(
      names.filter(
        (name) =>
          this.first('SELECT 1 FROM attachments WHERE blob_name = ? LIMIT 1', [name]) !== undefined
      )
    )
  }

  /** Every blob name some attachment uses. */
  allBlobNames(): Set<string> {
    return new Set(
      this.all("SELECT DISTINCT blob_name FROM attachments WHERE blob_name != ''").map((v) =>
        str(v[0])
      )
    )
  }

  bySeq(seq: number): EntryRow | undefined {
    const v = this.first(`SELECT ${ROW.list} FROM entries WHERE seq = ?`, [seq])
    return v === undefined ? undefined : toRow(v)
  }

  byId(id: string): EntryRow | undefined {
    const v = this.first(`SELECT ${ROW.list} FROM entries WHERE id = ?`, [id])
    return v === undefined ? undefined : toRow(v)
  }

  /** Entries that amend or withdraw `seq`, oldest first. */
  referencing(seq: number): EntryRow[] {
    return this.all(`SELECT ${ROW.list} FROM entries WHERE target_seq = ? ORDER BY seq`, [seq]).map(
      toRow
    )
  }

  /** The entries that name `seq` in their `about`, in chain order. */
  linkingTo(seq: number): EntryRow[] {
    return this.all(
      `SELECT ${ROW.list} FROM entries WHERE seq IN (SELECT from_seq FROM links WHERE to_seq = ?) ORDER BY seq`,
      [seq]
    ).map(toRow)
  }

  attachmentBlobs(seq: number): AttachmentBlob[] {
    return this.all(
      'SELECT sha256, blob_name, size FROM attachments WHERE seq = ? ORDER BY position',
      [seq]
    ).map((v) => ({ sha256: str(v[0]), blobName: str(v[1]), size: num(v[2]) }))
  }

  /** Every attachment row, grouped by seq, in one query (verification reads them all). */
  allAttachmentBlobs(): Map<number, AttachmentBlob[]> {
    const bySeq = new Map<number, AttachmentBlob[]>()
    for (const v of this.each(
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
    return this.all(
      `SELECT ${ROW.list} FROM entries ${filter} ORDER BY seq DESC LIMIT ?`,
      params
    ).map(toRow)
  }

  /** One page of the timeline (timelinePage.ts); a text query brings the index up to date first. */
  timeline(query: TimelineQuery): TimelineDbPage {
    if (query.match !== undefined) this.flushSearchIndex()
    return timelinePage(this.db, query)
  }

  /** Full-text search; newest first. An empty query matches nothing. */
  search(typed: string, limit = 200): EntryRow[] {
    const match = ftsQuery(typed)
    if (match === null) return []
    this.flushSearchIndex()
    return this.all(
      `SELECT ${ROW.list} FROM entries WHERE seq IN (SELECT docid FROM entries_fts WHERE entries_fts MATCH ?) ORDER BY seq DESC LIMIT ?`,
      [match, limit]
    ).map(toRow)
  }

  /** What verification reads of every row, in seq order, one at a time. */
  *verificationRows(): Generator<VerificationRow> {
    for (const v of this.each(`SELECT ${VERIFIED_COLUMNS} FROM entries ORDER BY seq`))
      yield toVerificationRow(v)
  }

  /** Every row in seq order, one at a time, without holding them all. */
  *rows(): Generator<EntryRow> {
    for (const v of this.each(`SELECT ${ROW.list} FROM entries ORDER BY seq`)) yield toRow(v)
  }
}
