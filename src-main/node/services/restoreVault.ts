import type { UnlockSecret } from '../../common/contract/VaultApi'
import { nodeBackupIo } from '../backup/backupIo'
import { restoreBackup } from '../backup/restoreBackup'
import type { Vault } from '../vault/Vault'
import type { VaultServiceDeps } from './ServiceScope'
import { withEitherSecret } from './withEitherSecret'

/**
 * Restores a backup into a new vault directory, verifies it whole and returns it unlocked,
 * with which of the two secrets opened it (`{ secret }`: whatever was typed at a prompt that
 * takes either). The restore's custody entry is recordRestore's, once the service holds the
 * vault, so a failure there still leaves the restored vault open rather than lost.
 */
export async function restoreVault(
  deps: VaultServiceDeps,
  backupDir: string,
  vaultDir: string,
  secret: UnlockSecret | { secret: string }
): Promise<{ vault: Vault; unlockedBy: 'passphrase' | 'recovery' }> {
  return withEitherSecret(secret, async (either) => {
    const restored = await restoreBackup(
      deps.backupIo ?? nodeBackupIo,
      backupDir,
      vaultDir,
      either,
      deps
    )
    return {
      vault: restored.vault,
      unlockedBy: 'passphrase' in either ? ('passphrase' as const) : ('recovery' as const)
    }
  })
}
