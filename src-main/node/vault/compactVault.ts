import { join } from 'node:path'
import { JournalWriter, writeEmptyJournal } from './journalFile'
import { writeSnapshot } from './snapshotFile'
import { liveKeys } from './VaultState'
import type { VaultState } from './VaultState'
import { JOURNAL_FILE } from './vaultTypes'

/** Compaction folds the journal into a new snapshot once it grows past either limit (at close). */
export const COMPACT_AFTER_RECORDS = 2000
export const COMPACT_AFTER_BYTES = 8 * 1024 * 1024

/**
 * Writes a new snapshot of everything and starts an empty journal. Durable at every step:
 * a crash before the snapshot's rename keeps the old pair; a crash after it leaves a
 * journal of the previous generation, which opening recognises as already folded in.
 * Call inside the vault's WriteQueue. A read-only vault is left as it is.
 */
export async function compactVault(state: VaultState): Promise<void> {
  const keys = liveKeys(state)
  if (state.journal === null) return
  const { sodium } = state.caps
  const next = state.generation + 1
  state.db.setMeta('generation', String(next))
  const image = state.db.export()
  try {
    await writeSnapshot(sodium, state.dir, keys, next, image)
  } catch (error) {
    state.db.setMeta('generation', String(state.generation))
    throw error
  } finally {
    image.fill(0)
  }
  state.generation = next
  await state.journal.close()
  const journalPath = join(state.dir, JOURNAL_FILE)
  await writeEmptyJournal(journalPath, next)
  state.journal = await JournalWriter.open(sodium, journalPath, state.header.vaultId, {
    generation: next,
    validLength: 16,
    tornBytes: 0,
    records: []
  })
}

/** Whether the journal has grown enough for a compaction at close. */
export function journalIsLong(journal: JournalWriter): boolean {
  return journal.recordCount >= COMPACT_AFTER_RECORDS || journal.byteLength >= COMPACT_AFTER_BYTES
}
