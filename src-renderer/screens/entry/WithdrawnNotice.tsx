import { useI18n } from '../../i18n/I18n'
import { EntryLink } from './EntryLinks'

/** Stands for the withdrawal's number in the message, so the number can become a link. */
const SEQ_SLOT = '\u0000'

/**
 * "Withdrawn by №N: reason", the number a link to the withdrawal's page: the one place the
 * page names the withdrawal, so no list of later entries repeats it.
 */
export function WithdrawnNotice({
  withdrawnBy,
  reason,
  no,
  onOpen
}: {
  withdrawnBy: number
  /** null while the withdrawal is still loading */
  reason: string | null
  no: (seq: number) => string
  onOpen: (seq: number) => void
}): React.JSX.Element {
  const { t } = useI18n()
  const [before = '', after = ''] = t('ui.entry.withdrawnBy', {
    seq: SEQ_SLOT,
    reason: reason ?? '—'
  }).split(SEQ_SLOT)
  return (
    <div className="notice warning">
      <p>
        {before}
        <EntryLink seq={withdrawnBy} onOpen={onOpen}>
          {no(withdrawnBy)}
        </EntryLink>
        {after}
      </p>
      <p>{t('ui.entry.withdrawnExplained')}</p>
    </div>
  )
}
