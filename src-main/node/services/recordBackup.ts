import type { EntryView } from '../../common/contract/VaultApi'
import type { BackupFailure } from '../../common/entry/Entry'
import { toHex } from '../../common/encoding/hex'
import { DalelError } from '../../common/errors/DalelError'
import { nodeBackupIo } from '../backup/backupIo'
import { backupVault, checkBackupTarget } from '../backup/backupVault'
import type { BackupProgress, BackupResult } from '../backup/backupVault'
import type { ServiceScope } from './ServiceScope'
import { toView } from './toView'

/**
 * Records the backup as a custody entry, durably, and only then backs the vault — which now
 * holds that entry — up to `target` (DESIGN "Backups"). A backup recorded after the copy is
 * missing from the backup, and a vault restored from it would write its restore entry at
 * the seq the original had used for the backup: two different signed entries at one seq of
 * one chain. Recorded first, original and restored vault agree entry for entry up to the
 * restore.
 *
 * A folder that cannot take the backup (not writable, another vault's backup) is refused
 * before anything is recorded. When the copy fails after the entry was written, a
 * `backup-failed` custody entry follows, naming it and why, and the error is thrown; the
 * backup already on the drive, if any, stays as it was. Should that second write fail too
 * (or the power go), the `backup` entry stands alone: the drive's manifest, which names the
 * last seq it holds, shows whether that backup completed.
 */
export async function recordBackup(
  scope: ServiceScope,
  target: string,
  onProgress?: (progress: BackupProgress) => void
): Promise<{ custody: EntryView; result: BackupResult }> {
  const vault = scope.vault()
  const io = scope.deps.backupIo ?? nodeBackupIo
  await checkBackupTarget(io, target, vault.vaultId)
  const stored = await vault.append({
    kind: 'custody',
    // The title is the folder alone; faces say "Backup → …" in the reader's language.
    title: target,
    payload: { action: 'backup', folder: target }
  })
  const custody = toView(stored)
  let result: BackupResult
  try {
    const sources = await vault.backupSources()
    try {
      result = await backupVault(sources, target, {
        io,
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
  } catch (error) {
    await vault
      .append({
        kind: 'custody',
        title: target,
        payload: {
          action: 'backup-failed',
          folder: target,
          failure: backupFailureOf(error),
          about: [{ seq: stored.seq, id: stored.id }]
        }
      })
      // The copy's error is what the journalist must read; this one would hide it.
      .catch(() => undefined)
    throw error
  }
  return { custody, result }
}

/** The stored reason of a failed backup, from the error the copy ended with. */
export function backupFailureOf(error: unknown): BackupFailure {
  if (!(error instanceof DalelError)) return 'other'
  switch (error.code) {
    case 'disk-full':
      return 'disk-full'
    case 'io-error':
    case 'file-not-found':
    case 'file-unreadable':
      return 'drive-error'
    default:
      return 'other'
  }
}
