import type { EntryView } from '../../common/contract/VaultApi'
import type { Vault } from '../vault/Vault'
import { toView } from './toView'

/**
 * Records, in a vault restoreVault just made, the restore as a custody entry. The backup's
 * last entry is its own custody entry (recordBackup writes it before the copy): the restore
 * names it in `about`, so the record says which backup the vault came from.
 */
export async function recordRestore(vault: Vault, backupDir: string): Promise<EntryView> {
  const head = vault.head().seq
  const last = head > 0 ? vault.get(head) : null
  const about =
    last?.entry?.kind === 'custody' && last.entry.payload.action === 'backup'
      ? { about: [{ seq: last.seq, id: last.id }] }
      : {}
  return toView(
    await vault.append({
      kind: 'custody',
      // The title is the folder alone; faces say "Restore ← …" in the reader's language.
      title: backupDir,
      payload: { action: 'restore', folder: backupDir, ...about }
    })
  )
}
