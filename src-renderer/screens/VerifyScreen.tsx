import { useState } from 'react'
import type { VerifyReportView } from '../../src-main/common/contract/DalelApi'
import { BusyNotice, ErrorNotice } from '../components/Notice'
import { ProblemList } from '../components/ProblemList'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'
import { entryNumber } from './entryNumber'

/** A vault's problems have their own sentences; a timestamp token's are shared with the CLI. */
const VAULT_CATALOGS = ['verifyProblem', 'tokenProblem'] as const

export interface VerifyScreenProps {
  bridge: DalelBridge
}

/**
 * Checks the whole vault as a court expert would: every entry's hash, the chain from the
 * first entry to the last, every signature, every file. The verdict first, in plain words;
 * each problem named under it.
 */
export function VerifyScreen(props: VerifyScreenProps): React.JSX.Element {
  const { t, f, locale } = useI18n()
  const call = useCall()
  const [report, setReport] = useState<VerifyReportView | null>(null)

  const verify = async () => {
    setReport(null)
    const found = await call.run(() => props.bridge.verify())
    if (found !== null) setReport(found)
  }

  return (
    <section className="screen narrow" aria-labelledby="verify-title">
      <h1 id="verify-title">{t('ui.verify.title')}</h1>
      <p className="lead">{t('ui.verify.intro')}</p>
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={call.busy}
          onClick={() => void verify()}
        >
          {t('ui.verify.run')}
        </button>
      </div>
      <BusyNotice text={call.busy ? t('ui.verify.busy') : null} />
      <ErrorNotice text={call.error} />
      {report !== null && (
        <div role="status">
          {report.ok ? (
            <p className="notice success verdict">
              {t('ui.verify.ok', {
                entries: f.number(report.entries),
                attachments: f.number(report.attachments),
                seq: entryNumber(locale, report.head?.seq ?? 0)
              })}
            </p>
          ) : (
            <p className="notice error verdict">
              {t('ui.verify.failed', { problems: f.number(report.problems.length) })}
            </p>
          )}
          {report.problems.length > 0 && (
            <>
              <h2>{t('ui.verify.problems')}</h2>
              <ProblemList problems={report.problems} catalogs={VAULT_CATALOGS} />
            </>
          )}
          {report.warnings.length > 0 && (
            <>
              <h2>{t('ui.verify.warnings')}</h2>
              <ProblemList problems={report.warnings} catalogs={VAULT_CATALOGS} />
            </>
          )}
          {report.head !== null && (
            <details className="disclosure">
              <summary>{t('report.section.hashes')}</summary>
              <p>
                {t('field.chain')}: <span className="code">{report.head.chain}</span>
              </p>
            </details>
          )}
        </div>
      )}
    </section>
  )
}
