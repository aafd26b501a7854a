import type { Database, SqlValue } from 'sql.js'
import type { EntryKind } from '../../common/entry/Entry'

/**
 * One page of the timeline, straight from SQL: the page's rows and how many match, never
 * the whole vault. A 100 000-entry vault opens on its newest page and can jump to its first
 * entry by offset; every other row stays in the database.
 */
export interface TimelineQuery {
  /** `occurred`: by when it happened (occurredAt, else recordedAt); `recorded`: by seq */
  order: 'occurred' | 'recorded'
  /** newest first unless true */
  ascending?: boolean
  kinds?: readonly EntryKind[]
  /** incident entries of these types only (other kinds pass when `kinds` asks for them) */
  incidentTypes?: readonly string[]
  /** entries carrying this tag (notes and incidents) */
  tag?: string
  /** ISO instants; `from` inclusive, `to` exclusive, on the order's time */
  from?: string
  to?: string
  /** an FTS4 MATCH expression (see ftsQuery) */
  match?: string
  /** continue after this cursor (from the previous page's `nextCursor`) */
  cursor?: string
  /** or start this many rows in (a jump of the scrollbar) */
  offset?: number
  limit: number
}

export interface TimelineDbRow {
  seq: number
  id: string
  kind: EntryKind
  recordedAt: string
  occurredAt: string | null
  /** the order's time, normalised to UTC "YYYY-MM-DDTHH:MM:SS.sssZ" */
  at: string
  /** null once withdrawn */
  entryJson: string | null
  withdrawnBy: number | null
  amendments: number
}

export interface TimelineDbPage {
  rows: TimelineDbRow[]
  total: number
  nextCursor: string | null
}

/**
 * The order keys, normalised to UTC; migration 003 indexes exactly these expressions
 * (entries_occurred, entries_recorded), and SQLite uses such an index only for the same one.
 */
const AT_OCCURRED = "strftime('%Y-%m-%dT%H:%M:%fZ', COALESCE(e.occurred_at, e.recorded_at))"
const AT_RECORDED = "strftime('%Y-%m-%dT%H:%M:%fZ', e.recorded_at)"

/**
 * Whether a page of a text query's matches is best found by walking the order index until
 * the page is full, checking each entry against the matches, rather than by reading and
 * sorting every match. The walk passes about (skipped + page) × entries ÷ matches entries;
 * sorting costs about one lookup per match. A common word matched 80 000 of 100 000 entries
 * in the benchmark: sorting them took half a second, the walk a few milliseconds; a rare
 * word is the other way round.
 */
function walksIndex(db: Database, matches: number, rows: number): boolean {
  const entries = Number(values(db, 'SELECT max(seq) FROM entries', [])[0]?.[0] ?? 0)
  return matches * matches > rows * entries
}

/**
 * Runs the full-text query once into a temporary table (sql.js keeps it in memory, outside
 * the image that is exported), and returns how many entries it matched. The count, the
 * page and its filters all read that table: each further MATCH would evaluate the query
 * again, which is most of a search's cost on a large vault.
 */
function collectMatches(db: Database, match: string): number {
  db.run('CREATE TEMP TABLE IF NOT EXISTS timeline_matches (seq INTEGER PRIMARY KEY)')
  db.run('DELETE FROM temp.timeline_matches')
  db.run(
    'INSERT INTO temp.timeline_matches (seq) SELECT docid FROM entries_fts WHERE entries_fts MATCH ?',
    [match]
  )
  return Number(values(db, 'SELECT count(*) FROM temp.timeline_matches', [])[0]?.[0] ?? 0)
}

/** The cursor is the last row's order key; opaque to callers. */
function encodeCursor(at: string, seq: number): string {
  return `${at}|${seq}`
}
function decodeCursor(cursor: string): { at: string; seq: number } | null {
  const bar = cursor.lastIndexOf('|')
  const seq = Number(cursor.slice(bar + 1))
  if (bar < 0 || !Number.isSafeInteger(seq)) return null
  return { at: cursor.slice(0, bar), seq }
}

function values(db: Database, sql: string, params: SqlValue[]): SqlValue[][] {
  const statement = db.prepare(sql)
  const rows: SqlValue[][] = []
  try {
    statement.bind(params)
    while (statement.step()) rows.push(statement.get())
  } finally {
    statement.free()
  }
  return rows
}

export function timelinePage(db: Database, query: TimelineQuery): TimelineDbPage {
  const at = query.order === 'occurred' ? AT_OCCURRED : AT_RECORDED
  const where: string[] = []
  const params: SqlValue[] = []
  if (query.kinds !== undefined && query.kinds.length > 0) {
    where.push(`e.kind IN (${query.kinds.map(() => '?').join(', ')})`)
    params.push(...query.kinds)
  }
  if (query.incidentTypes !== undefined && query.incidentTypes.length > 0) {
    where.push(
      `(e.kind != 'incident' OR json_extract(e.entry_json, '$.payload.type') IN (${query.incidentTypes.map(() => '?').join(', ')}))`
    )
    params.push(...query.incidentTypes)
  }
  if (query.tag !== undefined && query.tag !== '') {
    where.push(
      "EXISTS (SELECT 1 FROM json_each(e.entry_json, '$.payload.tags') WHERE json_each.value = ?)"
    )
    params.push(query.tag)
  }
  if (query.from !== undefined) {
    where.push(`${at} >= strftime('%Y-%m-%dT%H:%M:%fZ', ?)`)
    params.push(query.from)
  }
  if (query.to !== undefined) {
    where.push(`${at} < strftime('%Y-%m-%dT%H:%M:%fZ', ?)`)
    params.push(query.to)
  }
  const matches = query.match === undefined ? null : collectMatches(db, query.match)
  // Every row of the full-text index is an entry's (a withdrawn entry's row is deleted).
  const onlyMatch = matches !== null && where.length === 0
  if (matches !== null) where.push('e.seq IN temp.timeline_matches')
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
  const total = onlyMatch
    ? matches
    : Number(values(db, `SELECT count(*) FROM entries e ${filter}`, params)[0]?.[0] ?? 0)

  const direction = query.ascending === true ? 'ASC' : 'DESC'
  const page: string[] = [...where]
  const pageParams: SqlValue[] = [...params]
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor)
  if (after !== null) {
    const beyond = query.ascending === true ? '>' : '<'
    page.push(`(${at} ${beyond} ? OR (${at} = ? AND e.seq ${beyond} ?))`)
    pageParams.push(after.at, after.at, after.seq)
  }
  const limit = Math.max(1, Math.min(1000, Math.floor(query.limit)))
  const offset = after === null ? Math.max(0, Math.floor(query.offset ?? 0)) : 0
  // The page's seqs are chosen first, sorting only (order key, seq) over the matching rows;
  // the entries' text and their amendment counts are read for those rows alone. Sorting whole
  // rows, counting amendments for every one, took 140 ms of CPU for the first page of a
  // 20 000-entry vault on a loaded machine (the benchmark's U1).
  const walk =
    matches !== null && walksIndex(db, matches, offset + limit)
      ? `INDEXED BY ${query.order === 'occurred' ? 'entries_occurred' : 'entries_recorded'}`
      : ''
  const chosen = `SELECT e.seq, ${at} AS at FROM entries e ${walk} ${page.length > 0 ? `WHERE ${page.join(' AND ')}` : ''}
    ORDER BY at ${direction}, e.seq ${direction} LIMIT ${limit} OFFSET ${offset}`
  const sql = `SELECT e.seq, e.id, e.kind, e.recorded_at, e.occurred_at, p.at, e.entry_json, e.withdrawn_by,
      (SELECT count(*) FROM entries a WHERE a.target_seq = e.seq AND a.kind = 'amendment')
    FROM (${chosen}) p JOIN entries e ON e.seq = p.seq
    ORDER BY p.at ${direction}, p.seq ${direction}`
  const rows: TimelineDbRow[] = values(db, sql, pageParams).map((v) => ({
    seq: Number(v[0]),
    id: String(v[1]),
    kind: String(v[2]) as EntryKind,
    recordedAt: String(v[3]),
    occurredAt: v[4] === null ? null : String(v[4]),
    at: String(v[5]),
    entryJson: v[6] === null ? null : String(v[6]),
    withdrawnBy: v[7] === null ? null : Number(v[7]),
    amendments: Number(v[8])
  }))

  if (matches !== null) db.run('DELETE FROM temp.timeline_matches')

  const last = rows.at(-1)
  const reached = offset + rows.length
  return {
    rows,
    total,
    nextCursor:
      last === undefined || (after === null && reached >= total) || rows.length < limit
        ? null
        : encodeCursor(last.at, last.seq)
  }
}
