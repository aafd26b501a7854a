import type { BackupStatusView } from '../../common/contract/DalelApi'
import type { EntryView } from '../../common/contract/VaultApi'

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * The newest backup among the vault's custody entries, and whether the reminder is due: no
 * backup yet, or the newest is older than `warningDays`. The custody entries are the record
 * (a backup folder may be on a drive that is not plugged in).
 * @param custody the vault's custody entries, newest first (VaultService.list)
 */
export function backupStatus(
  custody: readonly EntryView[],
  now: Date,
  warningDays: number
): BackupStatusView {
  for (const view of custody) {
    const entry = view.entry
    if (
      entry?.kind === 'custody' &&
      entry.payload.action === 'backup' &&
      entry.payload.recipient !== undefined
    ) {
      const at = entry.recordedAt
      const due = now.getTime() - Date.parse(at) > warningDays * DAY_MS
      return { last: { target: entry.payload.recipient, at, seq: view.seq }, warningDays, due }
    }
  }
  return { last: null, warningDays, due: true }
}
