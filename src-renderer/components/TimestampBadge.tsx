import type { TimelineRowView } from '../../src-main/common/contract/DalelApi'
import type { I18n } from '../i18n/I18n'
import { useI18n } from '../i18n/I18n'
import { entryNumber } from '../screens/entryNumber'

/**
 * Trusted time on a timeline row (issue 13): "timestamped by <authority>", with the time it
 * vouches for one hover away, or "not yet covered" while the vault timestamps and no token
 * reaches the entry yet (offline; the app stamps it later).
 */
export function TimestampBadge({
  timestamp
}: {
  timestamp: NonNullable<TimelineRowView['timestamp']> | null
}): React.JSX.Element {
  const { t, f } = useI18n()
  if (timestamp === null)
    return <span className="badge not-covered">{t('ui.badge.notCovered')}</span>
  return (
    <span
      className="badge timestamped"
      title={t('ui.badge.timestampedAt', { time: f.dateTime(timestamp.genTime) })}
    >
      {t('ui.badge.timestamped', { authority: timestamp.authorities.join(', ') })}
    </span>
  )
}

/** An anchor's title in the timeline: which entries a timestamp covers (its badge says by
 * whom), or what the setting became. */
export function anchorTitle(
  anchor: NonNullable<TimelineRowView['anchor']>,
  t: I18n['t'],
  locale: I18n['locale']
): string {
  if (anchor.action === 'setting')
    return t(anchor.enabled ? 'ui.anchor.settingOn' : 'ui.anchor.settingOff')
  return t('ui.anchor.timestamp', {
    from: entryNumber(locale, 1),
    to: entryNumber(locale, anchor.coveredSeq)
  })
}
