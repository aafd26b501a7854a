import type { ExportResultView } from '../../src-main/common/contract/DalelApi'
import { useI18n } from '../i18n/I18n'
import { entryNumber } from './entryNumber'
import { Fact } from '../components/Fact'
import { FingerprintBox } from '../components/FingerprintBox'
import './handOver.css'

export interface ExportDoneScreenProps {
  result: ExportResultView
  onOpen: (seq: number) => void
  onHome: () => void
}

/** The commands README.txt gives, shown as the lawyer will type them. */
const CHECK_COMMANDS = [
  'sha256sum -c SHA256SUMS',
  'openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig'
]

/**
 * What was written and what to do next: the file, its SHA-256 (recorded in the custody
 * entry), and the key fingerprint the journalist reads to the lawyer over another channel,
 * so a bundle swapped on the way is caught. The checks the lawyer runs are in README.txt
 * inside the bundle; they are listed here too.
 */
export function ExportDoneScreen({
  result,
  onOpen,
  onHome
}: ExportDoneScreenProps): React.JSX.Element {
  const { t, f, locale } = useI18n()
  const no = (seq: number) => entryNumber(locale, seq)
  return (
    <section className="screen narrow export-done" aria-labelledby="export-done-title">
      <h1 id="export-done-title">{t('ui.exportDone.title')}</h1>
      <p className="notice success verdict" role="status">
        {t('ui.exportDone.summary', {
          count: f.number(result.disclosed.length),
          size: f.bytes(result.bytes)
        })}
      </p>
      <dl className="facts">
        <Fact label={t('ui.exportDone.file')} className="code">
          {result.path}
        </Fact>
        <Fact label={t('ui.exportDone.entries')}>{result.disclosed.map(no).join(', ')}</Fact>
        <Fact label={t('ui.exportDone.sha256')} className="code hash" translate="no">
          {result.sha256}
        </Fact>
      </dl>
      <FingerprintBox fingerprint={result.fingerprint} hint={t('ui.exportDone.fingerprintHint')} />
      {result.undisclosedAmendments.length > 0 && (
        <div className="notice warning">
          <p>{t('ui.exportDone.amendmentsLeftOut')}</p>
          <ul>
            {result.undisclosedAmendments.map(({ seq, amendedBy }) => (
              <li key={`${seq}-${amendedBy}`}>
                {t('ui.export.amendmentLeftOut', { seq: no(seq), by: no(amendedBy) })}
              </li>
            ))}
          </ul>
        </div>
      )}
      <h2>{t('ui.exportDone.next')}</h2>
      <ol className="next-steps">
        <li>{t('ui.exportDone.step.handOver')}</li>
        <li>{t('ui.exportDone.step.fingerprint')}</li>
        <li>
          {t('ui.exportDone.step.readme')}
          <pre className="commands" translate="no">
            {CHECK_COMMANDS.join('\n')}
          </pre>
        </li>
        <li>{t('ui.exportDone.step.recorded', { seq: no(result.custody.seq) })}</li>
      </ol>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() => {
            onOpen(result.custody.seq)
          }}
        >
          {t('ui.exportDone.openCustody', { seq: no(result.custody.seq) })}
        </button>
        <button type="button" className="primary" onClick={onHome}>
          {t('ui.exportDone.home')}
        </button>
      </div>
    </section>
  )
}
