import type { Database } from 'sql.js'

/**
 * Links between entries (an entry's `about`): one row per (entry, entry it names), so "referred
 * to by" is one indexed lookup instead of a scan of every entry. Filled here from the entries a
 * vault already holds — only custody entries of backups carried `about` before this schema —
 * and afterwards by every insert (VaultDatabase.insertRows), the journal's replay included.
 */
export function migration002(db: Database): void {
  db.exec(`
    CREATE TABLE links (
      from_seq INTEGER NOT NULL,
      to_seq INTEGER NOT NULL,
      PRIMARY KEY (to_seq, from_seq)
    ) WITHOUT ROWID;
  `)
  const insert = db.prepare('INSERT OR IGNORE INTO links (from_seq, to_seq) VALUES (?, ?)')
  const rows = db.prepare(
    `SELECT seq, entry_json FROM entries WHERE entry_json LIKE '%"about":%' ORDER BY seq`
  )
  try {
    while (rows.step()) {
      const [seq, json] = rows.get()
      if (typeof seq !== 'number' || typeof json !== 'string') continue
      const about = (JSON.parse(json) as { payload?: { about?: unknown } }).payload?.about
      if (!Array.isArray(about)) continue
      for (const ref of about as { seq?: unknown }[])
        if (typeof ref.seq === 'number') insert.run([seq, ref.seq])
    }
  } finally {
    rows.free()
    insert.free()
  }
}
