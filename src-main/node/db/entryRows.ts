import type { ChainLink } from '../../common/chain/ChainLink'
import type { Entry } from '../../common/entry/Entry'
import { foldForSearch } from '../../common/entry/foldForSearch'
import { searchText } from '../../common/entry/searchText'
import { utf8 } from '../../common/encoding/bytes'
import type { DeferredSearchIndex, SearchText } from './DeferredSearchIndex'
import { ROW } from './entryColumns'
import type { SqlStatements } from './SqlStatements'

// The rows an entry writes, inside the caller's transaction (VaultDatabase opens and ends it).

/**
 * A text parameter passed as its UTF-8 bytes. sql.js encodes a string parameter to UTF-8 in a
 * JavaScript loop, one character at a time, which was a third of an append's database time;
 * TextEncoder is native, and SQLite's CAST of the bytes stores exactly the same TEXT value.
 */
const TEXT = 'CAST(? AS TEXT)'

/** The rows of one entry; its search text waits in `search` (DeferredSearchIndex). */
export function insertEntryRows(
  sql: SqlStatements,
  search: DeferredSearchIndex,
  entry: Entry,
  jcs: string,
  saltHex: string,
  link: ChainLink,
  blobNames: readonly string[]
): void {
  const target =
    entry.kind === 'amendment' || entry.kind === 'withdrawal' ? entry.payload.target.seq : null
  sql.run(
    `INSERT INTO entries (${ROW.list}) VALUES (?, ?, ?, ?, ?, ${TEXT}, ${TEXT}, ?, ?, ?, ?, ?, NULL)`,
    [
      entry.seq,
      entry.id,
      entry.kind,
      entry.recordedAt,
      entry.occurredAt ?? null,
      utf8(entry.title),
      utf8(jcs),
      saltHex,
      link.commitment,
      link.chain,
      link.signature,
      target
    ]
  )
  entry.attachments.forEach((attachment, position) => {
    sql.run(
      'INSERT INTO attachments (seq, position, sha256, blob_name, size) VALUES (?, ?, ?, ?, ?)',
      [entry.seq, position, attachment.sha256, blobNames[position] ?? '', attachment.size]
    )
  })
  for (const ref of (entry.payload as { about?: readonly { seq: number }[] }).about ?? [])
    sql.run('INSERT OR IGNORE INTO links (from_seq, to_seq) VALUES (?, ?)', [entry.seq, ref.seq])
  const { body, fields } = searchText(entry)
  search.defer(entry.seq, {
    title: foldForSearch(entry.title),
    body: foldForSearch(body),
    fields: foldForSearch(fields)
  })
  if (entry.kind === 'withdrawal')
    withdrawEntryRows(sql, search, entry.payload.target.seq, entry.seq)
}

/**
 * Destroys an entry's content and salt and forgets its attachments' blobs (blob_name
 * becomes ''); its link stays, so the chain still verifies. The caller deletes the blobs
 * no other entry uses (see blobNamesIn).
 */
function withdrawEntryRows(
  sql: SqlStatements,
  search: DeferredSearchIndex,
  targetSeq: number,
  bySeq: number
): void {
  sql.run(
    'UPDATE entries SET title = NULL, entry_json = NULL, salt = NULL, occurred_at = NULL, withdrawn_by = ? WHERE seq = ?',
    [bySeq, targetSeq]
  )
  if (!search.forget(targetSeq)) sql.run('DELETE FROM entries_fts WHERE docid = ?', [targetSeq])
  sql.run("UPDATE attachments SET blob_name = '' WHERE seq = ?", [targetSeq])
  // Its links were part of its content: a withdrawn entry refers to nothing any more.
  sql.run('DELETE FROM links WHERE from_seq = ?', [targetSeq])
}

/** Every row of an entry that changed no other row (not a withdrawal). */
export function deleteEntryRows(
  sql: SqlStatements,
  search: DeferredSearchIndex,
  seq: number
): void {
  if (!search.forget(seq)) sql.run('DELETE FROM entries_fts WHERE docid = ?', [seq])
  sql.run('DELETE FROM attachments WHERE seq = ?', [seq])
  sql.run('DELETE FROM links WHERE from_seq = ?', [seq])
  sql.run('DELETE FROM entries WHERE seq = ?', [seq])
}

/** Entries' search texts into the full-text index. */
export function insertSearchTexts(
  sql: SqlStatements,
  texts: readonly (readonly [number, SearchText])[]
): void {
  for (const [seq, text] of texts) {
    sql.run(
      `INSERT INTO entries_fts (docid, title, body, fields) VALUES (?, ${TEXT}, ${TEXT}, ${TEXT})`,
      [seq, utf8(text.title), utf8(text.body), utf8(text.fields)]
    )
  }
}
