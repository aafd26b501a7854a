import type { SqlValue } from 'sql.js'
import type { ChainLink } from '../../common/chain/ChainLink'
import { toSha256Hex, toSignatureHex } from '../../common/encoding/brands'
import type { EntryKind } from '../../common/entry/Entry'
import {
  SQLITE_BLOB,
  SQLITE_FLOAT,
  SQLITE_INTEGER,
  SQLITE_NULL,
  SQLITE_TEXT
} from './HeapStatement'
import type { HeapStatement } from './HeapStatement'

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

/** Reads one value of a result row as text or a number, or throws: the schema says which. */
export const readSql = { str, num, strOrNull, numOrNull }

/** Every column of `entries` and how its value is read: the one place that knows both. */
const ENTRY_COLUMNS = {
  seq: num,
  id: str,
  kind: (v: SqlValue | undefined) => str(v) as EntryKind,
  recorded_at: str,
  occurred_at: strOrNull,
  title: strOrNull,
  entry_json: strOrNull,
  salt: strOrNull,
  commitment: (v: SqlValue | undefined) => toSha256Hex(str(v)),
  chain: (v: SqlValue | undefined) => toSha256Hex(str(v)),
  signature: (v: SqlValue | undefined) => toSignatureHex(str(v)),
  target_seq: numOrNull,
  withdrawn_by: numOrNull
}

export type EntryColumn = keyof typeof ENTRY_COLUMNS
type Values<C extends EntryColumn> = { [K in C]: ReturnType<(typeof ENTRY_COLUMNS)[K]> }

/**
 * A SELECT list of some columns of `entries` and the reader of its rows by name, so no
 * caller counts positions. `read` builds a plain object per row: a few hundred ns, next
 * to the microseconds of stepping the statement.
 */
export interface EntrySelection<C extends EntryColumn> {
  /** the columns, comma-separated, for `SELECT ${list} FROM entries …` */
  readonly list: string
  read(row: SqlValue[]): Values<C>
}

export function selectEntryColumns<const C extends EntryColumn>(
  columns: readonly C[]
): EntrySelection<C> {
  const decoders = columns.map((name) => [name, ENTRY_COLUMNS[name]] as const)
  return {
    list: columns.join(', '),
    read: (row) => {
      const values: Record<string, unknown> = {}
      decoders.forEach(([name, decode], position) => {
        values[name] = decode(row[position])
      })
      return values as Values<C>
    }
  }
}

/** A chain link from the columns that hold it. */
export function linkOf(values: Values<'seq' | 'commitment' | 'chain' | 'signature'>): ChainLink {
  return {
    seq: values.seq,
    commitment: values.commitment,
    chain: values.chain,
    signature: values.signature
  }
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

/** Every column of an entry row. */
export const ROW = selectEntryColumns([
  'seq',
  'id',
  'kind',
  'recorded_at',
  'occurred_at',
  'title',
  'entry_json',
  'salt',
  'commitment',
  'chain',
  'signature',
  'target_seq',
  'withdrawn_by'
])

export function toRow(values: SqlValue[]): EntryRow {
  const v = ROW.read(values)
  return {
    seq: v.seq,
    id: v.id,
    kind: v.kind,
    recordedAt: v.recorded_at,
    occurredAt: v.occurred_at,
    title: v.title,
    entryJson: v.entry_json,
    salt: v.salt,
    link: linkOf(v),
    targetSeq: v.target_seq,
    withdrawnBy: v.withdrawn_by
  }
}

/**
 * What verification checks of a row, and no more (decoding the rest was a tenth of its
 * time). Hashes, salt and signature come as raw bytes, so the walk hashes and verifies them
 * without a decoding pass of its own.
 */
export interface VerificationRow {
  seq: number
  id: string
  kind: string
  /**
   * the JCS text committed to, as its UTF-8 bytes; null once withdrawn. Read from the heap
   * (readVerificationRow) it is a view of SQLite's memory, valid only until the next row.
   */
  entryJson: Buffer | null
  /** SALT_BYTES raw; null once withdrawn, or when not lowercase hex of that length */
  salt: Uint8Array | null
  /** 32 bytes raw each, the signature 64; null when the stored text is not lowercase hex of that length */
  commitment: Uint8Array | null
  chain: Uint8Array | null
  signature: Uint8Array | null
  withdrawnBy: number | null
}

/**
 * The columns of a VerificationRow, in the order toVerificationRow and readVerificationRow
 * read them: every column as stored, the entry's text cast to its UTF-8 bytes. Measured per
 * row of a 100,000-entry vault (CPU): checking and decoding the hex in SQL (length, lower,
 * unhex) cost 3.7 µs of the row's 4.5 µs of stepping, more than the same check in
 * JavaScript; hex(entry_json) costs 2.7 µs a row in SQLite alone.
 */
export const VERIFIED_COLUMNS =
  'seq, id, kind, CAST(entry_json AS BLOB), salt, commitment, chain, signature, withdrawn_by'

const NOT_LOWER_HEX = /[^0-9a-f]/

/**
 * The raw bytes of lowercase hex of exactly `bytes` bytes, else null. (A regular expression
 * runs as native code: half the time of a loop over the characters here.)
 */
function lowerHexBytes(value: SqlValue | undefined, bytes: number): Uint8Array | null {
  if (typeof value !== 'string' || value.length !== bytes * 2 || NOT_LOWER_HEX.test(value))
    return null
  return Buffer.from(value, 'hex')
}

/**
 * One row of VERIFIED_COLUMNS from sql.js's own API, read by position with the type checks
 * only: the reader when SQLite's memory is not reachable (see HeapStatement), and the
 * reference readVerificationRow is tested against.
 */
export function toVerificationRow(v: SqlValue[]): VerificationRow {
  const entry = v[3]
  return {
    seq: num(v[0]),
    id: str(v[1]),
    kind: str(v[2]),
    entryJson:
      entry instanceof Uint8Array
        ? Buffer.from(entry.buffer, entry.byteOffset, entry.byteLength)
        : null,
    salt: lowerHexBytes(v[4], 32),
    commitment: lowerHexBytes(v[5], 32),
    chain: lowerHexBytes(v[6], 32),
    signature: lowerHexBytes(v[7], 64),
    withdrawnBy: numOrNull(v[8])
  }
}

function heapNumber(row: HeapStatement, column: number): number {
  const type = row.type(column)
  if (type !== SQLITE_INTEGER && type !== SQLITE_FLOAT)
    throw new Error('expected a number in the database')
  return row.number(column)
}

function heapText(row: HeapStatement, column: number): string {
  if (row.type(column) !== SQLITE_TEXT) throw new Error('expected text in the database')
  return row.text(column)
}

/**
 * The current row of a HeapStatement over VERIFIED_COLUMNS, exactly as toVerificationRow
 * reads it from sql.js (verifyRows.test and HeapStatement.test hold them to it), with the
 * entry's bytes left where SQLite has them.
 */
export function readVerificationRow(row: HeapStatement): VerificationRow {
  const withdrawn = row.type(8)
  return {
    seq: heapNumber(row, 0),
    id: heapText(row, 1),
    kind: heapText(row, 2),
    entryJson: row.type(3) === SQLITE_BLOB ? row.blob(3) : null,
    salt: row.lowerHex(4, 32),
    commitment: row.lowerHex(5, 32),
    chain: row.lowerHex(6, 32),
    signature: row.lowerHex(7, 64),
    withdrawnBy: withdrawn === SQLITE_NULL ? null : heapNumber(row, 8)
  }
}
