import type { BackupStatusView } from '../../common/contract/DalelApi'
import type { EntryView } from '../../common/contract/VaultApi'

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * The newest backup among the vault's custody entries, and whether the reminder is due: the
 * newest backup, or the vault's creation when there is none, is older than `warningDays` (a
 * vault made a minute ago does not nag). The custody entries are the record: a backup
 * folder may be on a drive that is not plugged in.
 * @param custody the vault's custody entries, newest first (VaultService.list)
 * @param createdAt the vault's creation, ISO
 */
export function backupStatus(
  custody: readonly EntryView[],
  createdAt: string,
  now: Date,
  warningDays: number
): BackupStatusView {
  const older = (at: string) => now.getTime() - Date.parse(at) > warningDays * DAY_MS
  // A `backup` entry is written before the copy; a `backup-failed` after it names the ones
  // that did not complete. Newest first, so the failure is seen before the backup it names.
  const failed = new Set<number>()
  for (const view of custody) {
    const entry = view.entry
    if (entry?.kind === 'custody' && entry.payload.action === 'backup-failed')
      for (const ref of entry.payload.about ?? []) failed.add(ref.seq)
    if (
      !failed.has(view.seq) &&
      entry?.kind === 'custody' &&
      entry.payload.action === 'backup' &&
      // `folder` since custody facts are fields; `recipient` in backups recorded before
      (entry.payload.folder ?? entry.payload.recipient) !== undefined
    ) {
      const at = entry.recordedAt
      return {
        last: { target: entry.payload.folder ?? entry.payload.recipient ?? '', at, seq: view.seq },
        warningDays,
        due: older(at)
      }
    }
  }
  return { last: null, warningDays, due: older(createdAt) }
}
