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
 * Which query temp.timeline_matches holds, with the connection's count of changed rows right
 * after it was filled. Scrolling a search asks for page after page of one query: while no
 * row changed (an entry, a withdrawal, the search index's batch, even one rolled back, each
 * moves the count), the table is reused instead of running the query again, 20–30 ms of CPU
 * a page at 100 000 entries. sql.js keeps the connection, and so its temporary tables, for
 * the database's life (VaultDatabase.export).
 */
const collected = new WeakMap<Database, { match: string; changes: number; count: number }>()

function changesOf(db: Database): number {
  return Number(values(db, 'SELECT total_changes()', [])[0]?.[0] ?? 0)
}

/**
 * Runs the full-text query once into a temporary table (sql.js keeps it in memory, outside
 * the image that is exported), and returns how many entries it matched. The count, the
 * page and its filters all read that table: each further MATCH would evaluate the query
 * again, which is most of a search's cost on a large vault.
 */
/** How many entries `match` matched when temp.timeline_matches still holds them, else null. */
function heldMatches(db: Database, match: string): number | null {
  const held = collected.get(db)
  return held?.match === match && held.changes === changesOf(db) ? held.count : null
}

function collectMatches(db: Database, match: string): number {
  const held = heldMatches(db, match)
  if (held !== null) return held
  db.run('CREATE TEMP TABLE IF NOT EXISTS timeline_matches (seq INTEGER PRIMARY KEY)')
  db.run('DELETE FROM temp.timeline_matches')
  db.run(
    'INSERT INTO temp.timeline_matches (seq) SELECT docid FROM entries_fts WHERE entries_fts MATCH ?',
    [match]
  )
  const count = Number(values(db, 'SELECT count(*) FROM temp.timeline_matches', [])[0]?.[0] ?? 0)
  collected.set(db, { match, changes: changesOf(db), count })
  return count
}

/**
 * Entries read off the order index for every row a page of a common word's matches needs:
 * enough when at least a quarter of the entries match. Past MAX_CANDIDATES (a search scrolled
 * far down), collecting the matches costs less than reading so many candidates.
 */
const CANDIDATES_PER_ROW = 4
const MAX_CANDIDATES = 4000
/** the widest range of seqs among the candidates whose matches are named one by one */
const MAX_SEQ_SPAN = 4 * MAX_CANDIDATES

/**
 * The rows of a text query's page when the first entries in order hold them: one pass of the
 * full-text query counts every match and names the matches among those entries (every match
 * between their lowest and highest seq; the others are dropped here). Collecting every match
 * into a table first (collectMatches) cost 2–3 times the pass itself for a word in 80 000 of
 * 100 000 entries: most of a search as the person types. Null when the candidates hold too
 * few matches (a rarer word): the page is then found from the collected matches.
 * @param candidates `SELECT e.seq, <order key> AS at FROM entries e … ORDER BY …`, unlimited
 * @param want the rows up to the page's end (offset + limit)
 */
function matchesNearTop(
  db: Database,
  match: string,
  candidates: string,
  params: SqlValue[],
  want: number
): { hits: [number, string][]; total: number } | null {
  const limit = want * CANDIDATES_PER_ROW
  if (limit > MAX_CANDIDATES) return null
  const walked = values(db, `${candidates} LIMIT ${limit}`, params).map(
    ([seq, at]) => [Number(seq), String(at)] as [number, string]
  )
  const seqs = walked.map(([seq]) => seq)
  // No candidate (a cursor past the last entry): the matches are only counted.
  const lowest = seqs.length > 0 ? Math.min(...seqs) : 0
  const highest = seqs.length > 0 ? Math.max(...seqs) : -1
  // Candidates far apart in seq (entries recorded long after what they tell, read oldest
  // first) would name most matches: then collecting them costs no more.
  if (highest - lowest > MAX_SEQ_SPAN) return null
  const [count, found] = values(
    db,
    'SELECT count(*), group_concat(docid) FILTER (WHERE docid BETWEEN ? AND ?) FROM entries_fts WHERE entries_fts MATCH ?',
    [lowest, highest, match]
  )[0] ?? [0, null]
  const matched = new Set(typeof found === 'string' ? found.split(',').map(Number) : [])
  const hits = walked.filter(([seq]) => matched.has(seq))
  // Every entry was a candidate, or enough of them matched.
  if (hits.length < want && walked.length === limit) return null
  return { hits, total: Number(count) }
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

/** What a page shows of each entry, `at` being its order key. */
const ROW_COLUMNS = (at: string): string =>
  `e.seq, e.id, e.kind, e.recorded_at, e.occurred_at, ${at}, e.entry_json, e.withdrawn_by,
    (SELECT count(*) FROM entries a WHERE a.target_seq = e.seq AND a.kind = 'amendment')`

function readRows(db: Database, sql: string, params: SqlValue[]): TimelineDbRow[] {
  return values(db, sql, params).map((v) => ({
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
  const direction = query.ascending === true ? 'ASC' : 'DESC'
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor)
  const beyond: string[] = []
  const beyondParams: SqlValue[] = []
  if (after !== null) {
    const past = query.ascending === true ? '>' : '<'
    beyond.push(`(${at} ${past} ? OR (${at} = ? AND e.seq ${past} ?))`)
    beyondParams.push(after.at, after.at, after.seq)
  }
  const limit = Math.max(1, Math.min(1000, Math.floor(query.limit)))
  const offset = after === null ? Math.max(0, Math.floor(query.offset ?? 0)) : 0
  const index = `INDEXED BY ${query.order === 'occurred' ? 'entries_occurred' : 'entries_recorded'}`
  const inOrder = `ORDER BY at ${direction}, e.seq ${direction}`

  // Every row of the full-text index is an entry's (a withdrawn entry's row is deleted), so
  // with no other filter the matches are the page's total. A query whose matches were
  // collected for its last page, with nothing changed since, reads them again instead.
  const near =
    query.match !== undefined && where.length === 0 && heldMatches(db, query.match) === null
      ? matchesNearTop(
          db,
          query.match,
          `SELECT e.seq, ${at} AS at FROM entries e ${index} ${beyond.length > 0 ? `WHERE ${beyond[0]}` : ''} ${inOrder}`,
          beyondParams,
          offset + limit
        )
      : null
  let total: number
  let rows: TimelineDbRow[]
  if (near !== null) {
    total = near.total
    const seqs = near.hits.slice(offset, offset + limit).map(([seq]) => seq)
    const place = new Map(seqs.map((seq, i) => [seq, i]))
    rows = readRows(
      db,
      `SELECT ${ROW_COLUMNS(at)} FROM entries e WHERE e.seq IN (SELECT value FROM json_each(?))`,
      [JSON.stringify(seqs)]
    ).sort((a, b) => (place.get(a.seq) ?? 0) - (place.get(b.seq) ?? 0))
  } else {
    const matches = query.match === undefined ? null : collectMatches(db, query.match)
    const onlyMatch = matches !== null && where.length === 0
    if (matches !== null) where.push('e.seq IN temp.timeline_matches')
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
    total = onlyMatch
      ? matches
      : Number(values(db, `SELECT count(*) FROM entries e ${filter}`, params)[0]?.[0] ?? 0)
    const page = [...where, ...beyond]
    // The page's seqs are chosen first, sorting only (order key, seq) over the matching rows;
    // the entries' text and their amendment counts are read for those rows alone. Sorting
    // whole rows, counting amendments for every one, took 140 ms of CPU for the first page of
    // a 20 000-entry vault on a loaded machine (the benchmark's U1).
    const walk = matches !== null && walksIndex(db, matches, offset + limit) ? index : ''
    const chosen = `SELECT e.seq, ${at} AS at FROM entries e ${walk} ${page.length > 0 ? `WHERE ${page.join(' AND ')}` : ''}
      ${inOrder} LIMIT ${limit} OFFSET ${offset}`
    rows = readRows(
      db,
      `SELECT ${ROW_COLUMNS('p.at')} FROM (${chosen}) p JOIN entries e ON e.seq = p.seq
        ORDER BY p.at ${direction}, p.seq ${direction}`,
      [...params, ...beyondParams]
    )
  }

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
