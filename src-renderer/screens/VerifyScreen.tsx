import { useState } from 'react'
import type { VerifyReportView } from '../../src-main/common/contract/DalelApi'
import { BusyNotice, ErrorNotice } from '../components/Notice'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import { isMessageKey } from '../i18n/translate'
import { useCall } from '../useCall'

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
  const no = (seq: number) => (locale === 'en' ? `#${seq}` : `№${seq}`)

  const verify = async () => {
    setReport(null)
    const found = await call.run(() => props.bridge.verify())
    if (found !== null) setReport(found)
  }

  const problemText = (p: VerifyReportView['problems'][number]) => {
    const key = `verifyProblem.${p.code}`
    const named = isMessageKey(key) ? t(key) : p.code
    return [p.seq === undefined ? null : no(p.seq), named, p.file, p.detail]
      .filter((part) => part !== null && part !== undefined && part !== '')
      .join(' — ')
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
                seq: no(report.head?.seq ?? 0)
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
              <ul className="problems">
                {report.problems.map((p, i) => (
                  <li key={i}>{problemText(p)}</li>
                ))}
              </ul>
            </>
          )}
          {report.warnings.length > 0 && (
            <>
              <h2>{t('ui.verify.warnings')}</h2>
              <ul className="problems">
                {report.warnings.map((p, i) => (
                  <li key={i}>{problemText(p)}</li>
                ))}
              </ul>
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
