import type { Database } from 'sql.js'

/**
 * The timeline's order keys as indexes, so a page is read off an index in order instead of
 * computing and sorting the key of every row: the first page of a 100 000-entry vault
 * sorted 100 000 keys before (the benchmark's U1). Each expression is exactly the one the
 * timeline query orders by (timelinePage's AT_OCCURRED and AT_RECORDED, spelt without the
 * table alias): SQLite uses an index on an expression only for that same expression. The
 * seq is the rowid, which every index already ends with, so (key, seq) is the index's order.
 * `entries_kind` serves the lists of one kind (anchors for each timeline page, custody for
 * the backup reminder), which scanned every row.
 */
export function migration004(db: Database): void {
  db.exec(`
    CREATE INDEX entries_occurred ON entries(strftime('%Y-%m-%dT%H:%M:%fZ', COALESCE(occurred_at, recorded_at)));
    CREATE INDEX entries_recorded ON entries(strftime('%Y-%m-%dT%H:%M:%fZ', recorded_at));
    CREATE INDEX entries_kind ON entries(kind);
  `)
}
