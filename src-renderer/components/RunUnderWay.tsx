import { useI18n } from '../i18n/I18n'
import { BusyNotice } from './Notice'

export interface RunUnderWayProps {
  busy: boolean
  /** Cancel was pressed: the service is closing the page */
  cancelled: boolean
  busyText: string
  onCancel: () => void
}

/** What a capture or recheck is doing, in words, and the button that stops it. */
export function RunUnderWay(props: RunUnderWayProps): React.JSX.Element | null {
  const { t } = useI18n()
  if (!props.busy) return null
  return (
    <div className="run-under-way">
      <BusyNotice text={props.cancelled ? t('ui.capture.cancelling') : props.busyText} />
      <button
        type="button"
        className="secondary danger"
        disabled={props.cancelled}
        onClick={props.onCancel}
      >
        {t('ui.capture.cancel')}
      </button>
    </div>
  )
}
