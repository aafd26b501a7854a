import { entryTitle } from '../../src-main/common/entry/entryTitle'
import type { TimelineRowView } from '../../src-main/common/contract/DalelApi'
import { useI18n } from '../i18n/I18n'
import { entryNumber } from '../screens/entryNumber'
import type { I18n } from '../i18n/I18n'
import { isMessageKey } from '../i18n/translate'
import { Highlighted } from './Highlighted'
import { Time } from './Time'
import { TimestampBadge, anchorTitle } from './TimestampBadge'

/**
 * The badge of a capture, recheck or probe: what it found, in a word (common/availability
 * entryStatus, as `dalel list` says it); a first capture that went through says "captured".
 */
function statusBadge(row: TimelineRowView, { t }: I18n): { kind: string; text: string } | null {
  if (row.status !== undefined)
    return {
      kind: row.status.status,
      text: t(`status.${row.status.status}`, { seq: row.status.seq ?? '' })
    }
  return row.captureOutcome === 'captured'
    ? { kind: 'captured', text: t('ui.badge.captured') }
    : null
}

function rowTitle(row: TimelineRowView, { t, locale }: I18n): string {
  if (row.anchor !== undefined) return anchorTitle(row.anchor, t, locale)
  if (row.title !== null) return entryTitle(row.kind, row.title, row.custodyAction, t)
  return t('ui.entry.withdrawnTitle', { seq: row.seq })
}

/** One entry of the timeline: its day (first of the day only), time, kind, title and badges. */
export function TimelineRow({
  row,
  newDay,
  onOpen
}: {
  row: TimelineRowView
  newDay: boolean
  onOpen: (seq: number) => void
}): React.JSX.Element {
  const i18n = useI18n()
  const { t, locale } = i18n
  const badge = statusBadge(row, i18n)
  const number = entryNumber(locale, row.seq)
  const title = rowTitle(row, i18n)
  return (
    <>
      <div className="day">{newDay && <Time iso={row.at} show="date" />}</div>
      <div className="when">
        <Time iso={row.at} show="time" />
      </div>
      <div className="what">
        {/* beside the title on a wide window, beside the number below it on a small one
            (styles.css), so the title has the row's width there */}
        <span className={`kind kind-${row.kind}`}>{t(`kind.${row.kind}`)}</span>
        <div className="line top">
          {row.incidentType !== undefined && (
            <span className="type">{t(`incident.${row.incidentType}`)}</span>
          )}
          <button
            type="button"
            className="link title"
            // the whole title on hover, where a small window cuts it short
            title={title}
            onClick={() => {
              onOpen(row.seq)
            }}
          >
            {title}
          </button>
        </div>
        <div className="line meta">
          <span className="seq">{number}</span>
          {row.amendments > 0 && <span className="badge amended">{t('ui.badge.amended')}</span>}
          {row.withdrawnBy !== null && (
            <span className="badge withdrawn">{t('ui.badge.withdrawn')}</span>
          )}
          {badge !== null && <span className={`badge capture-${badge.kind}`}>{badge.text}</span>}
          {row.timestamp !== undefined && <TimestampBadge timestamp={row.timestamp} />}
          {row.target !== undefined && (
            <span className="target">
              {t('ui.timeline.about', {
                seq: entryNumber(locale, row.target)
              })}
            </span>
          )}
          {row.attachments > 0 && (
            <span className="badge files">
              {t('ui.timeline.files', { count: row.attachments })}
            </span>
          )}
          {row.custodyAction !== undefined &&
            isMessageKey(`report.custody.${row.custodyAction}`) && (
              <span className="type">{t(`report.custody.${row.custodyAction}`)}</span>
            )}
          {row.snippet === undefined && row.tags.length > 0 && (
            <span className="tags">{row.tags.join(', ')}</span>
          )}
        </div>
        {row.snippet !== undefined && (
          // A line of its own: beside the badges it had a few characters at 1024 px.
          <div className="line snippet">
            <Highlighted text={row.snippet} />
          </div>
        )}
      </div>
    </>
  )
}
