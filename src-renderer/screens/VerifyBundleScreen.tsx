import { useState } from 'react'
import type { BundleCheckView } from '../../src-main/common/contract/DalelApi'
import { BusyNotice, ErrorNotice } from '../components/Notice'
import { ProblemList } from '../components/ProblemList'
import type { ProblemAt } from '../components/problemSentence'
import { Time } from '../components/Time'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import { isMessageKey } from '../i18n/translate'
import { useCall } from '../useCall'
import { entryNumber } from './entryNumber'
import { FingerprintBox } from '../components/FingerprintBox'
import { ChosenPath } from '../components/ChosenPath'
import './handOver.css'

const BUNDLE_CATALOGS = ['bundleProblem'] as const

/**
 * The problems, each attachment file also named as it was recorded: inside a bundle files are
 * `entries/<seq>/<index>.<ext>` (ASCII, so any archiver keeps them), and the lawyer knows them
 * by the names the journalist gave (entry.json keeps them).
 */
function namedProblems(report: BundleCheckView): ProblemAt[] {
  const names = new Map(
    (report.manifest?.entries ?? []).flatMap((e) => e.attachments.map((a) => [a.path, a.name]))
  )
  return report.problems.map((problem) => {
    const name = problem.file === undefined ? undefined : names.get(problem.file)
    const base = problem.file?.slice(problem.file.lastIndexOf('/') + 1)
    return name === undefined || name === base ? problem : { ...problem, recordedAs: name }
  })
}

export interface VerifyBundleScreenProps {
  bridge: DalelBridge
  /** the way back when no vault is open (the unlock screen); null inside an open vault */
  onBack: (() => void) | null
}

/**
 * The lawyer's path: a bundle someone sent, checked without any vault and without a
 * passphrase — the checks `dalel verify-bundle` runs. One verdict line, each problem in
 * words, the key fingerprint to compare with the one the journalist read out, the disclosed
 * entries and what the trusted timestamps prove. Nothing inside the bundle is opened or run.
 */
export function VerifyBundleScreen({ bridge, onBack }: VerifyBundleScreenProps): React.JSX.Element {
  const { t, f, locale } = useI18n()
  const call = useCall()
  const [path, setPath] = useState<string | null>(null)
  const [report, setReport] = useState<BundleCheckView | null>(null)
  const no = (seq: number) => entryNumber(locale, seq)

  const choose = async () => {
    const chosen = await call.run(() => bridge.chooseBundle())
    if (chosen === null) return
    setPath(chosen)
    setReport(null)
    const checked = await call.run(() => bridge.verifyBundle({ path: chosen }))
    if (checked !== null) setReport(checked)
  }

  const kindText = (kind: string) => {
    const key = `kind.${kind}`
    return isMessageKey(key) ? t(key) : kind
  }

  const m = report?.manifest ?? null
  return (
    <section className="screen narrow bundle-check" aria-labelledby="verify-bundle-title">
      <h1 id="verify-bundle-title">{t('ui.verifyBundle.title')}</h1>
      <p className="lead">{t('ui.verifyBundle.intro')}</p>
      <ChosenPath
        path={path}
        empty={t('ui.verifyBundle.noFile')}
        buttonLabel={t('ui.verifyBundle.choose')}
        onChoose={() => void choose()}
        primary
        disabled={call.busy}
      />
      <BusyNotice text={call.busy && path !== null ? t('ui.verifyBundle.busy') : null} />
      <ErrorNotice text={call.error} />
      {report !== null && (
        <div role="status">
          {report.ok && m !== null ? (
            <p className="notice success verdict">
              {t('ui.verifyBundle.ok', {
                entries: f.number(report.verified.length),
                files: f.number(report.files),
                seq: no(m.head.seq)
              })}
            </p>
          ) : (
            <p className="notice error verdict">
              {t('ui.verifyBundle.failed', { problems: f.number(report.problems.length) })}
            </p>
          )}
        </div>
      )}
      {report !== null && report.problems.length > 0 && (
        <>
          <h2>{t('ui.verify.problems')}</h2>
          <ProblemList problems={namedProblems(report)} catalogs={BUNDLE_CATALOGS} />
        </>
      )}
      {m !== null && (
        <>
          <FingerprintBox fingerprint={m.fingerprint} hint={t('ui.verifyBundle.compare')} />
          <dl className="facts">
            <div>
              <dt>{t('ui.verifyBundle.created')}</dt>
              <dd>
                <Time iso={m.created} />
              </dd>
            </div>
            <div>
              <dt>{t('ui.verifyBundle.exporter')}</dt>
              <dd>{m.exporter === '' ? '—' : m.exporter}</dd>
            </div>
            <div>
              <dt>{t('field.recipient')}</dt>
              <dd>{m.recipient === '' ? '—' : m.recipient}</dd>
            </div>
            <div>
              <dt>{t('field.purpose')}</dt>
              <dd>{m.purpose === '' ? '—' : m.purpose}</dd>
            </div>
            <div>
              <dt>{t('ui.verifyBundle.head')}</dt>
              <dd>
                {no(m.head.seq)} <span className="code hash">{m.head.chain}</span>
              </dd>
            </div>
          </dl>
          <h2>{t('ui.verifyBundle.entries')}</h2>
          <ul className="problems disclosed">
            {m.entries.map((e) => (
              <li key={e.seq}>
                {t('ui.verifyBundle.entry', {
                  seq: no(e.seq),
                  kind: kindText(e.kind),
                  files: f.number(e.files)
                })}{' '}
                <strong>
                  {report?.verified.includes(e.seq) === true
                    ? t('ui.verifyBundle.entryOk')
                    : t('ui.verifyBundle.entryFailed')}
                </strong>
                {e.attachments.length > 0 && (
                  <ul className="plain bundle-files">
                    {e.attachments.map((a) => (
                      <li key={a.path}>
                        {t('ui.verifyBundle.attachment', { path: a.path, name: a.name })}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {report !== null && report.timestamps.length > 0 && (
        <>
          <h2>{t('ui.verifyBundle.timestamps')}</h2>
          <ul className="problems">
            {report.timestamps.map(({ seq, timestamp }) => (
              <li key={seq}>
                {timestamp === null
                  ? t('ui.verifyBundle.notTimestamped', { seq: no(seq) })
                  : t('ui.verifyBundle.timestamped', {
                      seq: no(seq),
                      time: f.dateTime(timestamp.genTime),
                      authority: timestamp.authority,
                      covered: no(timestamp.coveredSeq)
                    })}
                {timestamp !== null && !timestamp.trusted && (
                  <> {t('ui.verifyBundle.rootNotTrusted')}</>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {onBack !== null && (
        <div className="actions">
          <button type="button" className="secondary" onClick={onBack}>
            {t('ui.verifyBundle.back')}
          </button>
        </div>
      )}
    </section>
  )
}
