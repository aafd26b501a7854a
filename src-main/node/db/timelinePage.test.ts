import initSqlJs from 'sql.js'
import type { Database } from 'sql.js'
import { describe, expect, it } from 'vitest'
import { migrate } from './migrate'
import { timelinePage } from './timelinePage'
import type { TimelineQuery } from './timelinePage'

/** A migrated database of `count` notes, every third with a stated time, all with one word. */
async function vaultOf(count: number): Promise<Database> {
  const SQL = await initSqlJs()
  const db = new SQL.Database()
  migrate(db)
  db.exec('BEGIN')
  const entry = db.prepare(
    `INSERT INTO entries (seq, id, kind, recorded_at, occurred_at, title, entry_json, salt, commitment, chain, signature)
     VALUES (?, ?, 'note', ?, ?, 't', '{}', '', '', '', '')`
  )
  const text = db.prepare(
    'INSERT INTO entries_fts (docid, title, body, fields) VALUES (?, ?, ?, ?)'
  )
  for (let seq = 1; seq <= count; seq++) {
    const recorded = new Date(Date.UTC(2026, 0, 1) + seq * 60_000).toISOString()
    const occurred =
      seq % 3 === 0 ? new Date(Date.UTC(2025, 0, 1) + seq * 1000).toISOString() : null
    entry.run([seq, `id-${seq}`, recorded, occurred])
    text.run([seq, `запись ${seq}`, seq % 2 === 0 ? 'обыск в редакции' : 'допрос', ''])
  }
  entry.free()
  text.free()
  db.exec('COMMIT')
  return db
}

/** The query plans of every SELECT timelinePage prepares for `query`. */
function plansOf(db: Database, query: TimelineQuery): string[] {
  const statements: string[] = []
  const watched = new Proxy(db, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver)
      if (name === 'prepare' && typeof value === 'function')
        return (sql: string) => {
          statements.push(sql)
          return (value as (sql: string) => unknown).call(target, sql)
        }
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value
    }
  })
  timelinePage(watched, query)
  return statements
    .filter((sql) => sql.includes('ORDER BY'))
    .map((sql) =>
      (db.exec(`EXPLAIN QUERY PLAN ${sql}`)[0]?.values ?? [])
        .map((row) => String(row[3]))
        .join('; ')
    )
}

describe('timelinePage', () => {
  it('reads a page off the order index instead of sorting every entry', async () => {
    const db = await vaultOf(3000)
    try {
      for (const query of [
        { order: 'occurred', limit: 100 },
        { order: 'recorded', limit: 100, offset: 1500 },
        { order: 'occurred', limit: 100, ascending: true, cursor: '2026-01-01T10:00:00.000Z|600' },
        // 1500 of 3000 entries match: the index is walked, the matches are not sorted.
        { order: 'occurred', limit: 100, match: '"обыск*"' },
        { order: 'occurred', limit: 100, offset: 200, match: '"обыск*"' },
        { order: 'recorded', limit: 100, match: '"запис*"' }
      ] as const) {
        const plans = plansOf(db, query)
        expect(plans.length).toBeGreaterThan(0)
        for (const plan of plans) {
          expect(plan, JSON.stringify(query)).toMatch(/INDEX entries_(occurred|recorded)/)
          expect(plan, JSON.stringify(query)).not.toContain('TEMP B-TREE FOR ORDER BY')
        }
      }
    } finally {
      db.close()
    }
  })

  it('gives the same pages and totals whether a text query matches few entries or many', async () => {
    const db = await vaultOf(3000)
    const atOf = new Map(
      (
        db.exec(
          "SELECT seq, strftime('%Y-%m-%dT%H:%M:%fZ', COALESCE(occurred_at, recorded_at)) FROM entries"
        )[0]?.values ?? []
      ).map(([seq, at]) => [Number(seq), String(at)])
    )
    try {
      // "обыск" matches 1500 entries and "запис" all 3000 (the index walked), "допрос 1…" 556
      // (sorted).
      for (const [match, total] of [
        ['"обыск*"', 1500],
        ['"запис*"', 3000],
        ['"допрос*" "1*"', 556]
      ] as const) {
        const seen: number[] = []
        let cursor: string | undefined
        for (;;) {
          const page = timelinePage(db, {
            order: 'occurred',
            limit: 400,
            match,
            ...(cursor !== undefined ? { cursor } : {})
          })
          expect(page.total).toBe(total)
          seen.push(...page.rows.map((row) => row.seq))
          if (page.nextCursor === null) break
          cursor = page.nextCursor
        }
        expect(new Set(seen).size).toBe(total)
        const keys = seen.map((seq) => `${atOf.get(seq) ?? ''}|${String(seq).padStart(5, '0')}`)
        expect([...keys].sort().reverse()).toEqual(keys)
      }
    } finally {
      db.close()
    }
  })

  it('gives every page of a text query as sorting all its matches would, at any offset and in both orders', async () => {
    const db = await vaultOf(3000)
    try {
      // Entries whose stated time puts them at the top while their seqs are low, so the
      // newest entries by time are not the newest by seq.
      db.exec(
        "UPDATE entries SET occurred_at = '2027-01-01T00:00:00.000Z' WHERE seq IN (2, 4, 7, 1500)"
      )
      const keyed = (order: 'occurred' | 'recorded') =>
        (
          db.exec(
            `SELECT seq, strftime('%Y-%m-%dT%H:%M:%fZ', ${order === 'occurred' ? 'COALESCE(occurred_at, recorded_at)' : 'recorded_at'}) FROM entries`
          )[0]?.values ?? []
        ).map(([seq, at]) => ({ seq: Number(seq), at: String(at) }))
      const matching = (match: string) =>
        new Set(
          (
            db.exec('SELECT docid FROM entries_fts WHERE entries_fts MATCH ?', [match])[0]
              ?.values ?? []
          ).map(([seq]) => Number(seq))
        )
      for (const match of ['"обыск*"', '"запис*"', '"допрос*" "1*"', '"допрос*" "2999*"'])
        for (const order of ['occurred', 'recorded'] as const)
          for (const ascending of [false, true]) {
            const matched = matching(match)
            const sign = ascending ? 1 : -1
            const expected = keyed(order)
              .filter(({ seq }) => matched.has(seq))
              .sort((a, b) => sign * (a.at < b.at ? -1 : a.at > b.at ? 1 : a.seq - b.seq))
            for (const [offset, limit] of [
              [0, 100],
              [0, 7],
              [50, 100],
              [900, 100],
              [1450, 100],
              [2950, 100]
            ] as const) {
              const page = timelinePage(db, { order, ascending, match, offset, limit })
              const context = JSON.stringify({ match, order, ascending, offset, limit })
              expect(page.total, context).toBe(matched.size)
              expect(
                page.rows.map(({ seq, at }) => ({ seq, at })),
                context
              ).toEqual(expected.slice(offset, offset + limit))
            }
          }
    } finally {
      db.close()
    }
  })

  it('counts the matches of a text query whose cursor is past the last entry', async () => {
    const db = await vaultOf(300)
    try {
      for (const ascending of [false, true]) {
        const page = timelinePage(db, {
          order: 'occurred',
          ascending,
          match: '"обыск*"',
          cursor: ascending ? '2099-01-01T00:00:00.000Z|1' : '2000-01-01T00:00:00.000Z|1',
          limit: 50
        })
        expect(page).toEqual({ rows: [], total: 150, nextCursor: null })
      }
    } finally {
      db.close()
    }
  })

  it('runs a search once for page after page, and again once a row has changed', async () => {
    const db = await vaultOf(3000)
    const matchesRun: string[] = []
    const watched = new Proxy(db, {
      get(target, name, receiver) {
        const value: unknown = Reflect.get(target, name, receiver)
        if (typeof value !== 'function') return value
        const method = value as (sql: string, ...rest: unknown[]) => unknown
        return (sql: string, ...rest: unknown[]) => {
          if (typeof sql === 'string' && sql.includes('MATCH')) matchesRun.push(sql)
          return method.call(target, sql, ...rest)
        }
      }
    })
    try {
      // 556 matches, too few among the first entries: the matches are collected.
      const match = '"допрос*" "1*"'
      const seqsOf = (offset: number) =>
        timelinePage(watched, { order: 'occurred', match, offset, limit: 100 })
      const first = seqsOf(0)
      expect(matchesRun.length).toBeGreaterThan(0)
      matchesRun.length = 0
      const second = seqsOf(100)
      const third = seqsOf(500)
      expect(matchesRun).toEqual([])
      expect([first.total, second.total, third.total]).toEqual([556, 556, 556])
      expect(second.rows.map((row) => row.seq)).not.toEqual(first.rows.map((row) => row.seq))
      expect(third.rows).toHaveLength(56)

      // A new matching entry, newest of all: the next page runs the query again and has it.
      db.run(
        `INSERT INTO entries (seq, id, kind, recorded_at, occurred_at, title, entry_json, salt, commitment, chain, signature)
         VALUES (3001, 'id-3001', 'note', '2027-01-01T00:00:00.000Z', NULL, 't', '{}', '', '', '', '')`
      )
      db.run(
        "INSERT INTO entries_fts (docid, title, body, fields) VALUES (3001, 'запись 1', 'допрос', '')"
      )
      const after = seqsOf(0)
      expect(matchesRun.length).toBeGreaterThan(0)
      expect(after.total).toBe(557)
      expect(after.rows[0]?.seq).toBe(3001)
      // A match taken out (a withdrawal deletes its full-text row): counted again too.
      db.run('DELETE FROM entries_fts WHERE docid = 3001')
      expect(seqsOf(0).total).toBe(556)
    } finally {
      db.close()
    }
  })
})
