import { useId, useState } from 'react'
import { useI18n } from '../i18n/I18n'

export interface RecoveryCodeScreenProps {
  code: string
  onDone: () => void
}

/**
 * The recovery code, shown this once and never again: the app does not keep it. The way on
 * is closed until the journalist says it is written down.
 */
export function RecoveryCodeScreen({ code, onDone }: RecoveryCodeScreenProps): React.JSX.Element {
  const { t } = useI18n()
  const [written, setWritten] = useState(false)
  const checkId = useId()
  return (
    <section className="screen narrow" aria-labelledby="recovery-title">
      <h1 id="recovery-title">{t('ui.recovery.title')}</h1>
      <p className="lead">{t('ui.recovery.intro')}</p>
      <p className="recovery-code" aria-label={t('ui.recovery.codeLabel')} translate="no">
        {code}
      </p>
      <p className="notice warning">{t('ui.recovery.warning')}</p>
      <div className="check">
        <input
          id={checkId}
          type="checkbox"
          checked={written}
          onChange={(event) => {
            setWritten(event.target.checked)
          }}
        />
        <label htmlFor={checkId}>{t('ui.recovery.confirm')}</label>
      </div>
      <div className="actions">
        <button type="button" className="primary" disabled={!written} onClick={onDone}>
          {t('ui.recovery.continue')}
        </button>
      </div>
    </section>
  )
}
