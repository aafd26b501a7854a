import type { Database, SqlValue } from 'sql.js'
import type { Entry, EntryKind } from '../../common/entry/Entry'
import { searchText } from '../../common/entry/searchText'
import { restoreSnippet } from './restoreSnippet'

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
  /** an FTS4 MATCH expression (see ftsQuery); rows get a snippet */
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
  /** the matching words between \u0002 and \u0003, with … where text was cut */
  snippet?: string
}

export interface TimelineDbPage {
  rows: TimelineDbRow[]
  total: number
  nextCursor: string | null
}

/** The start and end marks snippet() puts around a match: characters no text contains. */
export const MATCH_START = '\u0002'
export const MATCH_END = '\u0003'

const AT_OCCURRED = "strftime('%Y-%m-%dT%H:%M:%fZ', COALESCE(e.occurred_at, e.recorded_at))"
const AT_RECORDED = "strftime('%Y-%m-%dT%H:%M:%fZ', e.recorded_at)"

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

const ELLIPSIS = '…'

/**
 * The index holds text folded for search (ё as е); the snippet shown quotes the entry as
 * written. Only an entry that has a ё is parsed to find it.
 */
function quotedSnippet(snippet: string, entryJson: string | null): string {
  if (entryJson === null || !/[ёЁ]/.test(entryJson)) return snippet
  const entry = JSON.parse(entryJson) as Entry
  const { body, fields } = searchText(entry)
  return restoreSnippet(snippet, [entry.title, body, fields], [MATCH_START, MATCH_END], ELLIPSIS)
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
  if (query.match !== undefined) {
    where.push('e.seq IN (SELECT docid FROM entries_fts WHERE entries_fts MATCH ?)')
    params.push(query.match)
  }
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
  const total = Number(values(db, `SELECT count(*) FROM entries e ${filter}`, params)[0]?.[0] ?? 0)

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
  const chosen = `SELECT e.seq, ${at} AS at FROM entries e ${page.length > 0 ? `WHERE ${page.join(' AND ')}` : ''}
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

  if (query.match !== undefined && rows.length > 0) {
    const snippets = values(
      db,
      `SELECT docid, snippet(entries_fts, '${MATCH_START}', '${MATCH_END}', '${ELLIPSIS}', -1, 12)
       FROM entries_fts WHERE entries_fts MATCH ? AND docid IN (${rows.map(() => '?').join(', ')})`,
      [query.match, ...rows.map((row) => row.seq)]
    )
    const bySeq = new Map(snippets.map((v) => [Number(v[0]), String(v[1])]))
    for (const row of rows) {
      const snippet = bySeq.get(row.seq)
      if (snippet !== undefined) row.snippet = quotedSnippet(snippet, row.entryJson)
    }
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
