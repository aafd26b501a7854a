import { useEffect, useState } from 'react'
import type { BackupStatusView } from '../../src-main/common/contract/DalelApi'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'

export interface BackupReminderProps {
  bridge: DalelBridge
  onBackup: () => void
}

/**
 * The banner that asks for a backup once the last one (or, without one, the vault's
 * creation) is older than the days set in Settings: a seized laptop takes every entry not
 * on a drive elsewhere. It asks each time it is shown (App remounts it per screen), so it
 * goes as soon as a backup is done.
 */
export function BackupReminder({
  bridge,
  onBackup
}: BackupReminderProps): React.JSX.Element | null {
  const { t, f } = useI18n()
  const [status, setStatus] = useState<BackupStatusView | null>(null)
  useEffect(() => {
    let live = true
    const ask = async () => {
      const answer = await bridge.backupStatus()
      if (live && answer.ok) setStatus(answer.value)
    }
    void ask()
    return () => {
      live = false
    }
  }, [bridge])
  if (status === null || !status.due) return null
  return (
    <aside className="notice warning backup-reminder" aria-label={t('ui.backup.reminderLabel')}>
      <p>
        {status.last === null
          ? t('ui.backup.reminderNever', { days: f.number(status.warningDays) })
          : t('ui.backup.reminder', { ago: f.relative(status.last.at, new Date()) })}
      </p>
      <button type="button" className="secondary" onClick={onBackup}>
        {t('ui.backup.now')}
      </button>
    </aside>
  )
}
