import { wipeVaultKeys } from './vaultKeys'
import { compactVault, journalIsLong } from './compactVault'
import type { VaultState } from './VaultState'
import { finishPurge } from './withdrawalPurge'

/**
 * Locks: finishes a pending purge or compacts a long journal (or a database migrated at
 * unlock, so the next unlock finds the new schema), wipes every key from memory,
 * closes the database and releases the lock. Call inside the vault's WriteQueue.
 */
export async function closeVault(state: VaultState): Promise<void> {
  if (state.closed) return
  try {
    if (state.journal !== null && state.keys !== null) {
      if (state.purgePending) {
        await finishPurge(state)
      } else if (journalIsLong(state.journal) || state.db.migrated) {
        await compactVault(state)
      }
      await state.journal.close().catch(() => undefined)
    }
  } finally {
    state.closed = true
    if (state.keys !== null) wipeVaultKeys(state.caps.sodium, state.keys)
    state.keys = null
    state.db.close()
    await state.releaseLock?.()
  }
}
