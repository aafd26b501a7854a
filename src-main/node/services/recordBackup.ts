import type { EntryView } from '../../common/contract/VaultApi'
import { toHex } from '../../common/encoding/hex'
import { nodeBackupIo } from '../backup/backupIo'
import { backupVault } from '../backup/backupVault'
import type { BackupProgress, BackupResult } from '../backup/backupVault'
import type { ServiceScope } from './ServiceScope'
import { toView } from './toView'

/**
 * Backs the vault up to `target`, then records it as a custody entry naming the backup's
 * head. The entry comes after the backup (which therefore does not hold it): a failed
 * backup leaves no record claiming it happened, and the next backup carries this one.
 */
export async function recordBackup(
  scope: ServiceScope,
  target: string,
  onProgress?: (progress: BackupProgress) => void
): Promise<{ custody: EntryView; result: BackupResult }> {
  const vault = scope.vault()
  const sources = await vault.backupSources()
  let result: BackupResult
  try {
    result = await backupVault(sources, target, {
      io: scope.deps.backupIo ?? nodeBackupIo,
      clock: scope.deps.clock,
      sign: (label, bytes) => vault.signDocument(label, bytes),
      vaultId: vault.vaultId,
      publicKey: toHex(vault.publicKey),
      ...(onProgress !== undefined ? { onProgress } : {})
    })
  } finally {
    await sources.snapshot.handle.close()
    await sources.journal.handle.close()
  }
  const head = result.manifest.head
  const custody = toView(
    await vault.append({
      kind: 'custody',
      title: `Backup → ${target}`,
      payload: {
        action: 'backup',
        recipient: target,
        body: `Backup of #1–#${head.seq}, head ${head.chain}`
      }
    })
  )
  return { custody, result }
}
