import type { RemovableDriveView } from '../../common/contract/DalelApi'
import { nodeBackupIo } from '../backup/backupIo'
import { backupStatus, listRemovableDrives } from '../backup/removableDrives'
import type { RemovableDrive } from '../backup/removableDrives'
import type { VaultServiceDeps } from './ServiceScope'

/**
 * The removable drives to offer as backup targets, each with when this vault was last
 * backed up there. Without a vault (locked), the drives alone.
 * @param vaultId the unlocked vault's id, or null when locked
 * @param drives the drives to look at; the machine's own (listRemovableDrives) unless given
 */
export async function removableDriveStatus(
  deps: VaultServiceDeps,
  vaultId: string | null,
  warningDays: number,
  drives?: readonly RemovableDrive[]
): Promise<RemovableDriveView[]> {
  const found = drives ?? (await (deps.listDrives ?? listRemovableDrives)())
  if (vaultId === null)
    return found.map((drive) => ({ ...drive, lastBackupAt: null, backupDir: null }))
  const statuses = await backupStatus(
    deps.backupIo ?? nodeBackupIo,
    found,
    vaultId,
    deps.clock.now(),
    warningDays
  )
  return statuses.map((status) => ({
    path: status.drive.path,
    label: status.drive.label,
    lastBackupAt: status.lastBackupAt,
    backupDir: status.dir
  }))
}
