import type { Database } from 'sql.js'
import type { ChainLink } from '../../common/chain/ChainLink'
import type { Entry } from '../../common/entry/Entry'
import { DatabaseImage } from './DatabaseImage'
import { DeferredSearchIndex, MAX_UNSEARCHABLE } from './DeferredSearchIndex'
import { EntryReads } from './EntryReads'
import { ROW, toRow } from './entryColumns'
import type { EntryRow } from './entryColumns'
import { deleteEntryRows, insertEntryRows, insertSearchTexts } from './entryRows'
import { ftsQuery } from './ftsQuery'
import { applyPragmas, loadSqlJs } from './loadSqlJs'
import { SCHEMA_VERSION, migrate } from './migrate'
import { SqlStatements } from './SqlStatements'
import { timelinePage } from './timelinePage'
import type { TimelineDbPage, TimelineQuery } from './timelinePage'

export { DatabaseImage } from './DatabaseImage'
export type { EntryRow, VerificationRow } from './entryColumns'
export type { AttachmentBlob, ListQuery } from './EntryReads'
export { ftsQuery } from './ftsQuery'

/**
 * The vault's index and content, in sql.js (SQLite compiled to wasm, entirely in memory).
 * Its image is written to disk only encrypted, as snapshot.bin. The reads are EntryReads';
 * this adds the database's life (create, load, export, close), transactions and the writes
 * (entryRows.ts).
 */
export class VaultDatabase extends EntryReads {
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
    super(new SqlStatements(db))
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
    loadSqlJs().catch(() => undefined)
  }

  static async create(): Promise<VaultDatabase> {
    const SQL = await loadSqlJs()
    const db = new SQL.Database()
    migrate(db)
    return new VaultDatabase(db)
  }

  /** @param image a SQLite image, decrypted in memory */
  static async load(image: Uint8Array): Promise<VaultDatabase> {
    const SQL = await loadSqlJs()
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
    this.sql.free()
    this.db.close()
    // Whatever the file system still keeps of it, or left behind when it grew the file.
    if (this.adoptedImage !== null)
      new Uint8Array(this.adoptedImage.buffer, this.adoptedImage.byteOffset).fill(0)
  }

  setMeta(key: string, value: string): void {
    this.sql.run(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      [key, value]
    )
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
        insertSearchTexts(this.sql, texts)
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
      deleteEntryRows(this.sql, this.searchBatch, seq)
      this.commit()
    } catch (error) {
      this.rollback()
      throw error
    }
  }

  begin(): void {
    this.sql.run('BEGIN', [])
    this.searchBatch.began()
  }

  commit(): void {
    this.sql.run('COMMIT', [])
    this.searchBatch.committed()
  }

  rollback(): void {
    this.sql.run('ROLLBACK', [])
    this.searchBatch.rolledBack()
  }

  /** The rows of one entry, inside the caller's transaction (a withdrawal also withdraws its target). */
  insertRows(
    entry: Entry,
    jcs: string,
    saltHex: string,
    link: ChainLink,
    blobNames: readonly string[]
  ): void {
    insertEntryRows(this.sql, this.searchBatch, entry, jcs, saltHex, link, blobNames)
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
    return this.sql
      .all(
        `SELECT ${ROW.list} FROM entries WHERE seq IN (SELECT docid FROM entries_fts WHERE entries_fts MATCH ?) ORDER BY seq DESC LIMIT ?`,
        [match, limit]
      )
      .map(toRow)
  }
}
