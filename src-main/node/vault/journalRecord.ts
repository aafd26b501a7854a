import type { ChainLink } from '../../common/chain/ChainLink'
import { fromUtf8, utf8 } from '../../common/encoding/bytes'
import type { Entry } from '../../common/entry/Entry'
import { DalelError } from '../../common/errors/DalelError'
import type { VaultDatabase } from '../db/VaultDatabase'
import { JOURNAL_FILE } from './vaultTypes'

/** A journal record's plaintext: the entry's JCS text exactly as committed, and what indexes it. */
export interface JournalRecord {
  /** hex */
  salt: string
  /** the entry's JCS text */
  entry: string
  link: ChainLink
  /** the attachments' blob file names, in the entry's order */
  blobs: string[]
}

export function encodeJournalRecord(record: JournalRecord): Uint8Array {
  return utf8(JSON.stringify(record))
}

/**
 * Replays one journal record into the database. The record was authenticated by its AEAD;
 * a record that does not continue the sequence is corruption, never skipped.
 * @param index the record's index in the journal, from 0
 */
export function replayJournalRecord(
  db: VaultDatabase,
  plaintext: Uint8Array,
  index: number
): Entry['kind'] {
  const fail = (detail: string) =>
    new DalelError('vault-corrupt', {
      file: JOURNAL_FILE,
      detail: `record ${index + 1}: ${detail}`
    })
  let record: JournalRecord
  let entry: Entry
  try {
    record = JSON.parse(fromUtf8(plaintext)) as JournalRecord
    entry = JSON.parse(record.entry) as Entry
  } catch {
    throw fail('unreadable')
  }
  const expected = db.head().seq + 1
  if (entry.seq !== expected || record.link.seq !== expected)
    throw fail(`seq ${entry.seq} where ${expected} was expected`)
  if (!Array.isArray(record.blobs) || record.blobs.length !== entry.attachments.length)
    throw fail('attachment list')
  db.insertRows(entry, record.entry, record.salt, record.link, record.blobs)
  return entry.kind
}
