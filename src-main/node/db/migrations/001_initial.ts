import type { Database } from 'sql.js'

/**
 * The first schema. `entries` keeps, for every seq, the chain link (commitment, chain hash,
 * signature) forever; the content columns and the salt are emptied when the entry is
 * withdrawn. Full-text search is FTS4 with unicode61, which folds case for Cyrillic, Kazakh
 * letters included (sql.js has no FTS5).
 */
export function migration001(db: Database): void {
  db.exec(`
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE entries (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      occurred_at TEXT,
      title TEXT,
      entry_json TEXT,
      salt TEXT,
      commitment TEXT NOT NULL,
      chain TEXT NOT NULL,
      signature TEXT NOT NULL,
      target_seq INTEGER,
      withdrawn_by INTEGER
    );
    CREATE INDEX entries_target ON entries(target_seq) WHERE target_seq IS NOT NULL;
    CREATE TABLE attachments (
      seq INTEGER NOT NULL REFERENCES entries(seq),
      position INTEGER NOT NULL,
      sha256 TEXT NOT NULL,
      blob_name TEXT NOT NULL,
      size INTEGER NOT NULL,
      PRIMARY KEY (seq, position)
    );
    CREATE INDEX attachments_blob ON attachments(blob_name);
    CREATE VIRTUAL TABLE entries_fts USING fts4(title, body, fields, tokenize=unicode61);
  `)
}
