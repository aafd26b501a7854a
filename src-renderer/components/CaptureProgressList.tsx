import type { CaptureProgressEvent } from '../../src-main/common/contract/DalelApi'
import type { Translate } from '../i18n/I18n'
import { useI18n } from '../i18n/I18n'

/** One URL of a capture or recheck run: what it is, and what was last heard of it. */
export interface ProgressRow {
  url: string
  event: CaptureProgressEvent | undefined
}

export interface CaptureProgressListProps {
  rows: readonly ProgressRow[]
  /** the run is still under way: a URL not reached yet is waiting, not left out */
  busy: boolean
  /** the run was cancelled: the page that was loading was not recorded */
  cancelled: boolean
  onOpen: (seq: number) => void
}

/** What one recorded URL's line says: the capture's outcome, and a recheck's verdict. */
function outcomeText(t: Translate, event: CaptureProgressEvent): string {
  const entry = event.entry?.entry
  const payload = entry?.kind === 'web-capture' ? entry.payload : null
  const outcome = event.outcome ?? payload?.outcome ?? 'captured'
  const captured = t(`captureOutcome.${outcome}`, {
    status: payload?.status ?? '—',
    reason: payload?.reason ?? '—',
    seconds: payload?.timeoutMs === undefined ? '—' : Math.round(payload.timeoutMs / 1000)
  })
  const recheck = payload?.recheck
  if (recheck === undefined) return captured
  const verdict = t(`recheckOutcome.${recheck.outcome}`, {
    seq: recheck.of.seq,
    from: recheck.restoredFrom?.seq ?? '—'
  })
  return `${captured}; ${verdict}`
}

function stateText(t: Translate, row: ProgressRow, busy: boolean, cancelled: boolean): string {
  const event = row.event
  if (event === undefined) return t(busy ? 'ui.capture.waiting' : 'ui.capture.notCaptured')
  if (event.stage === 'loading')
    return cancelled
      ? t('ui.capture.cancelled')
      : busy
        ? t('ui.capture.loading', { index: event.index, total: event.total })
        : t('ui.capture.notCaptured')
  return t('ui.capture.recorded', { seq: event.entry?.seq ?? '?', outcome: outcomeText(t, event) })
}

/**
 * A line per URL that says what is happening to it now: a capture takes seconds, and a
 * tired reader must not wonder. A recorded one links to its entry.
 */
export function CaptureProgressList(props: CaptureProgressListProps): React.JSX.Element | null {
  const { t } = useI18n()
  if (props.rows.length === 0) return null
  return (
    <ol className="capture-progress" aria-label={t('ui.capture.progress')}>
      {props.rows.map((row, i) => {
        const seq = row.event?.entry?.seq
        const stage =
          row.event?.stage === 'loading' && props.cancelled
            ? 'cancelled'
            : (row.event?.stage ?? 'waiting')
        return (
          <li key={`${i}-${row.url}`} className={stage}>
            <span className="url code">{row.url}</span>
            <span className="state">{stateText(t, row, props.busy, props.cancelled)}</span>
            {seq !== undefined && (
              <button
                type="button"
                className="link"
                onClick={() => {
                  props.onOpen(seq)
                }}
              >
                {t('ui.capture.open', { seq })}
              </button>
            )}
          </li>
        )
      })}
    </ol>
  )
}
