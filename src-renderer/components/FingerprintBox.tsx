import { useI18n } from '../i18n/I18n'

export interface FingerprintBoxProps {
  fingerprint: string
  /** what to do with it: read it out (the journalist), or compare it (the lawyer) */
  hint: string
}

/**
 * The vault key's fingerprint in large type, the same characters report.pdf, verify.html and
 * `dalel verify-bundle` show, so the journalist reads out exactly what the lawyer compares.
 */
export function FingerprintBox({ fingerprint, hint }: FingerprintBoxProps): React.JSX.Element {
  const { t } = useI18n()
  return (
    <div className="fingerprint-box">
      <h2>{t('ui.exportDone.fingerprint')}</h2>
      <p className="fingerprint" translate="no" aria-label={t('ui.exportDone.fingerprint')}>
        {fingerprint}
      </p>
      <p>{hint}</p>
    </div>
  )
}
