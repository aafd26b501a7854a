import { compactVault } from './compactVault'
import type { VaultState } from './VaultState'

/**
 * After a withdrawal, the content must leave the disk, not only the index: a compaction
 * rewrites the snapshot and empties the journal (which still holds the old record), and
 * the attachments' blobs are deleted unless another entry holds the same file.
 */
export async function purgeWithdrawn(
  state: VaultState,
  blobNames: readonly string[]
): Promise<void> {
  await compactVault(state)
  const stillUsed = state.db.blobNamesIn(blobNames)
  await state.blobs.remove(blobNames.filter((name) => !stillUsed.has(name)))
}

/**
 * Completes a withdrawal's purge that failed or was cut short (a full disk, a crash):
 * compacts, then deletes every blob no entry refers to. Best effort: a failure leaves it
 * pending for the next close or open, and the vault as it was.
 */
export async function finishPurge(state: VaultState): Promise<void> {
  try {
    await compactVault(state)
    await removeUnreferencedBlobs(state)
    state.purgePending = false
  } catch {
    state.purgePending = true
  }
}

/**
 * Deletes every blob no entry refers to, and returns how many. They are left by a kill
 * between a withdrawal's compaction and the deletion of its blobs (the withdrawn content,
 * which must leave the disk), or between writing an attachment and its journal record (an
 * entry never acknowledged). Only a writer does this, holding the lock, after the journal
 * is replayed: every blob a record names is then in the index.
 */
export async function removeUnreferencedBlobs(state: VaultState): Promise<number> {
  return state.blobs.removeAllBut(state.db.allBlobNames())
}
