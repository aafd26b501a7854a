import { entryStatus } from '../../src-main/common/availability/entryStatus'
import type { Entry } from '../../src-main/common/entry/Entry'
import { useI18n } from '../i18n/I18n'

/** What a web capture, recheck or probe found, in a word, as the timeline's badge says it. */
export function EntryStatusBadge({ entry }: { entry: Entry | null }): React.JSX.Element | null {
  const { t } = useI18n()
  const found = entryStatus(entry)
  if (found === null) return null
  return (
    <span className={`badge capture-${found.status}`}>
      {t(`status.${found.status}`, { seq: found.seq ?? '' })}
    </span>
  )
}
