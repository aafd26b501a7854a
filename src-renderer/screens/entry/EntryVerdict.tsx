import { useCallback } from 'react'
import type { EntryCheckView } from '../../../src-main/common/contract/EntryPageApi'
import type { EntryView } from '../../../src-main/common/contract/VaultApi'
import { isMessageKey } from '../../../src-main/common/i18n/translate'
import type { DalelBridge } from '../../dalelBridge'
import type { Translate } from '../../i18n/I18n'
import { useI18n } from '../../i18n/I18n'
import { useLoad } from '../../useLoad'
import { ErrorNotice } from '../../components/Notice'
import { Facts } from './Facts'
import { code } from './fieldNode'

export interface EntryVerdictProps {
  bridge: DalelBridge
  view: EntryView
  /** opens "Verify the vault", offered while the whole chain has not been verified */
  onVerify?: (() => void) | undefined
}

/** A problem of the entry's own link, in the words verify-bundle uses for the same code. */
function problemText(t: Translate, problem: string): string {
  const key = `bundleProblem.${problem}`
  return isMessageKey(key) ? t(key) : t('ui.verifyBundle.unknownProblem')
}

/** The one sentence a journalist or a lawyer reads first: does this entry hold? */
function verdictText(t: Translate, time: (iso: string) => string, check: EntryCheckView): string {
  if (check.problems.length > 0)
    return t('ui.entry.verdict.failed', {
      problems: check.problems.map((p) => problemText(t, p)).join('; ')
    })
  const vault = check.vault
  if (vault === null) return t('ui.entry.verdict.linkChecked', { time: time(check.checkedAt) })
  if (vault.problemsHere > 0) return t('ui.entry.verdict.problemsHere', { time: time(vault.at) })
  if (!vault.ok) return t('ui.entry.verdict.problemsElsewhere', { time: time(vault.at) })
  return t('ui.entry.verdict.chainVerified', { time: time(vault.at) })
}

/**
 * The verdict at the top of an entry — "Signed; chain verified on …" or what is wrong — from
 * the service's check of this entry (its entry hash, its chain link, its signature) and the
 * last whole-vault verification; the hashes and the signature behind a disclosure.
 */
export function EntryVerdict({ bridge, view, onVerify }: EntryVerdictProps): React.JSX.Element {
  const { t, f } = useI18n()
  const { value: check, error } = useLoad(
    useCallback(() => bridge.checkEntry({ seq: view.seq }), [bridge, view.seq])
  )

  const failed =
    check !== null && (check.problems.length > 0 || (check.vault?.problemsHere ?? 0) > 0)
  return (
    <div className="verdict">
      <ErrorNotice text={error} />
      {check !== null && (
        <div
          className={`notice ${failed ? 'error' : 'success'} verdict-line`}
          role={failed ? 'alert' : 'status'}
        >
          <p>{verdictText(t, (iso) => f.dateTime(iso), check)}</p>
          {!check.contentChecked && <p>{t('ui.entry.verdict.contentGone')}</p>}
          {(check.vault === null || !check.vault.ok) && onVerify !== undefined && (
            <p>
              {check.vault === null && `${t('ui.entry.verdict.notVerifiedYet')} `}
              <button type="button" className="link" onClick={onVerify}>
                {t('ui.nav.verify')}
              </button>
            </p>
          )}
        </div>
      )}
      <details className="disclosure">
        <summary>{t('report.section.hashes')}</summary>
        <Facts
          rows={[
            [t('field.commitment'), code(view.link.commitment)],
            [t('field.chain'), code(view.link.chain)],
            [t('field.signature'), code(view.link.signature)]
          ]}
        />
      </details>
    </div>
  )
}
