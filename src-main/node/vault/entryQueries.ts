import type { Entry } from '../../common/entry/Entry'
import type { EntryRow, VaultDatabase } from '../db/VaultDatabase'
import type { StoredEntry } from './vaultTypes'

/** The row an entry reference names: a seq, a full id, or a unique id prefix of at least 8 characters. */
export function findEntryRow(db: VaultDatabase, ref: string | number): EntryRow | undefined {
  if (typeof ref === 'number') return db.bySeq(ref)
  if (/^\d+$/.test(ref)) return db.bySeq(Number(ref))
  const exact = db.byId(ref.toLowerCase())
  if (exact !== undefined || ref.length < 8) return exact
  const matches = db.list().filter((row) => row.id.startsWith(ref.toLowerCase()))
  return matches.length === 1 ? matches[0] : undefined
}

/** A database row as callers see an entry, with the entries that amend or withdraw it. */
export function toStoredEntry(db: VaultDatabase, row: EntryRow): StoredEntry {
  return {
    seq: row.seq,
    id: row.id,
    kind: row.kind,
    recordedAt: row.recordedAt,
    entry: row.entryJson === null ? null : (JSON.parse(row.entryJson) as Entry),
    link: row.link,
    withdrawnBy: row.withdrawnBy,
    referencedBy: db.referencing(row.seq).map((r) => ({ seq: r.seq, id: r.id, kind: r.kind })),
    linkedFrom: db.linkingTo(row.seq).map((r) => ({ seq: r.seq, id: r.id, kind: r.kind }))
  }
}
