import type { Database } from 'sql.js'

const COLUMNS = ['title', 'body', 'fields'] as const
const fold = (column: string) => `replace(replace(${column}, 'ё', 'е'), 'Ё', 'Е')`

/**
 * Search folds ё into е (common/entry/foldForSearch), in what is indexed and in what is
 * typed. A vault indexed before holds its ё as written, which a folded query would no longer
 * find: the rows of entries_fts that hold one are written again folded, which rebuilds their
 * part of the index (FTS4 tokenizes an updated row anew). Rows without a ё are already what
 * the new indexing writes. Done in SQL on the indexed text itself, so this step does not
 * depend on how later versions compute an entry's search text.
 */
export function migration003(db: Database): void {
  const holdsYo = COLUMNS.map((c) => `instr(${c}, 'ё') > 0 OR instr(${c}, 'Ё') > 0`).join(' OR ')
  const docids: number[] = []
  const rows = db.prepare(`SELECT docid FROM entries_fts WHERE ${holdsYo}`)
  try {
    while (rows.step()) docids.push(Number(rows.get()[0]))
  } finally {
    rows.free()
  }
  // Collected first: the rows are not rewritten under a scan of the same table.
  const update = db.prepare(
    `UPDATE entries_fts SET ${COLUMNS.map((c) => `${c} = ${fold(c)}`).join(', ')} WHERE docid = ?`
  )
  try {
    for (const docid of docids) update.run([docid])
  } finally {
    update.free()
  }
}
