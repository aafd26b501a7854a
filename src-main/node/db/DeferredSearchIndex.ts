/** What entries_fts holds of an entry: its title and searchText, folded (foldForSearch). */
export interface SearchText {
  title: string
  body: string
  fields: string
}

/** Entries whose search text may wait for the index: a few MB. */
export const MAX_UNSEARCHABLE = 4096

/**
 * Full-text rows are written in batches, not one per append: tokenizing an entry with
 * unicode61 and writing its FTS4 segment was half of an append's database work, and most
 * of its time beyond the disk's own. An indexed entry's search text waits here until a
 * search needs it, the image is exported (every snapshot holds the whole index), or
 * MAX_UNSEARCHABLE are waiting; the batch then costs less per entry than one at a time.
 * Search results are therefore the same as if every entry had been written at once.
 *
 * Changes made inside a database transaction are undone with it (rollback), so what waits
 * here always matches the committed rows.
 */
export class DeferredSearchIndex {
  private readonly waiting = new Map<number, SearchText>()
  /** While a transaction is open: what puts `waiting` back as it was, should it roll back. */
  private undo: (() => void)[] | null = null

  get size(): number {
    return this.waiting.size
  }

  /** A transaction began: changes from now on are undone by rolledBack(). */
  began(): void {
    this.undo = []
  }

  committed(): void {
    this.undo = null
  }

  rolledBack(): void {
    const undo = this.undo ?? []
    this.undo = null
    for (const step of undo.reverse()) step()
  }

  get inTransaction(): boolean {
    return this.undo !== null
  }

  defer(seq: number, text: SearchText): void {
    this.waiting.set(seq, text)
    this.undo?.push(() => this.waiting.delete(seq))
  }

  /** Drops an entry's waiting search text; false when it has none waiting (its row is in entries_fts). */
  forget(seq: number): boolean {
    const text = this.waiting.get(seq)
    if (text === undefined) return false
    this.waiting.delete(seq)
    this.undo?.push(() => this.waiting.set(seq, text))
    return true
  }

  /**
   * Hands every waiting text to `write` (which puts them in entries_fts) and forgets them;
   * nothing is forgotten when `write` throws.
   */
  flush(write: (texts: readonly (readonly [number, SearchText])[]) => void): void {
    if (this.waiting.size === 0) return
    const texts = [...this.waiting]
    write(texts)
    this.waiting.clear()
    this.undo?.push(() => {
      for (const [seq, text] of texts) this.waiting.set(seq, text)
    })
  }
}
