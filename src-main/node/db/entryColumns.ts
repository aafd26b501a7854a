import type { SqlValue } from 'sql.js'
import type { ChainLink } from '../../common/chain/ChainLink'
import { toSha256Hex, toSignatureHex } from '../../common/encoding/brands'
import type { EntryKind } from '../../common/entry/Entry'

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
 * time). Hashes, salt and signature come as raw bytes, decoded from hex by SQLite, so the
 * walk hashes and verifies them without a decoding pass of its own.
 */
export interface VerificationRow {
  seq: number
  id: string
  kind: string
  /** the JCS text committed to, as its UTF-8 bytes; null once withdrawn */
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
 * The raw bytes of a column of lowercase hex of exactly `bytes` bytes, else NULL (unhex gives
 * NULL for any character that is not a hex digit). A GLOB for non-hex characters read the
 * same but tried the pattern at every position: half a verify's time on this thread.
 */
const rawHex = (column: string, bytes: number) =>
  `CASE WHEN length(${column}) = ${bytes * 2} AND ${column} = lower(${column}) THEN unhex(${column}) END`

/** The columns of a VerificationRow, in the order toVerificationRow reads them. */
export const VERIFIED_COLUMNS = `seq, id, kind, iif(entry_json IS NULL, NULL, hex(entry_json)), ${rawHex('salt', 32)}, ${rawHex('commitment', 32)}, ${rawHex('chain', 32)}, ${rawHex('signature', 64)}, withdrawn_by`

function bytesOrNull(value: SqlValue | undefined): Uint8Array | null {
  return value instanceof Uint8Array ? value : null
}

/**
 * One row of VERIFIED_COLUMNS, read by position with the type checks only: this runs once per
 * entry of every verify, where the generic reader and its brand checks cost a third of the walk.
 */
export function toVerificationRow(v: SqlValue[]): VerificationRow {
  return {
    seq: num(v[0]),
    id: str(v[1]),
    kind: str(v[2]),
    // As hex: sql.js decodes text through TextDecoder, slow for Cyrillic, and reads a blob
    // out byte by byte in JavaScript; hex is ASCII, and Buffer decodes it natively.
    entryJson: v[3] === null ? null : Buffer.from(str(v[3]), 'hex'),
    salt: bytesOrNull(v[4]),
    commitment: bytesOrNull(v[5]),
    chain: bytesOrNull(v[6]),
    signature: bytesOrNull(v[7]),
    withdrawnBy: numOrNull(v[8])
  }
}
