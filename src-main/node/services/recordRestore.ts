import type { EntryView } from '../../common/contract/VaultApi'
import type { Vault } from '../vault/Vault'
import { toView } from './toView'

/** Records, in a vault restoreVault just made, the restore as a custody entry. */
export async function recordRestore(
  vault: Vault,
  backupDir: string,
  vaultDir: string
): Promise<EntryView> {
  return toView(
    await vault.append({
      kind: 'custody',
      title: `Restore ← ${backupDir}`,
      payload: { action: 'restore', recipient: vaultDir, body: `Restored from ${backupDir}` }
    })
  )
}
