import type { EntryView } from '../../../src-main/common/contract/VaultApi'
import type { Entry } from '../../../src-main/common/entry/Entry'
import { COMMON_FIELDS } from '../../../src-main/common/entry/fields/commonFields'
import { changedFields, fieldSlots } from '../../../src-main/common/entry/shownFields'
import { Time } from '../../components/Time'
import { useI18n } from '../../i18n/I18n'
import { EntryLink } from './EntryLinks'

/**
 * The amendments that correct an entry, oldest first: each a link to its page, when it was
 * recorded and which fields it corrected, by name. The corrected values and the reasons are
 * the per-field marks' (AmendedMark), so the page says each of them once.
 */
export function Corrections({
  target,
  related,
  no,
  onOpen
}: {
  /** the entry they correct, for its fields' order */
  target: Entry | null
  /** the amendments and the withdrawal that name the entry */
  related: readonly EntryView[]
  no: (seq: number) => string
  onOpen: (seq: number) => void
}): React.JSX.Element | null {
  const { t } = useI18n()
  const amendments = related.flatMap((r) =>
    r.entry?.kind === 'amendment' ? [{ seq: r.seq, recordedAt: r.recordedAt, entry: r.entry }] : []
  )
  if (amendments.length === 0) return null
  // The fields in the order the page shows them, not the order the form happened to send.
  const order = [
    ...COMMON_FIELDS.map((f) => f.key),
    ...(target === null ? [] : fieldSlots(target).map((s) => s.key))
  ]
  const rank = (key: string) => order.indexOf(key) + 1 || order.length + 1
  return (
    <section className="corrections" aria-labelledby="corrections-title">
      <h2 id="corrections-title">{t('ui.entry.corrections')}</h2>
      <ul>
        {amendments.map((r) => (
          <li key={r.seq} data-seq={r.seq}>
            <EntryLink seq={r.seq} onOpen={onOpen}>
              {no(r.seq)}
            </EntryLink>
            {/* a comma, or "№3 2026 ж." reads as one number */}
            {', '}
            <Time iso={r.recordedAt} />
            {' — '}
            {t('ui.entry.amendmentCorrects', {
              fields: changedFields(r.entry.payload.changes)
                .sort((a, b) => rank(a.key) - rank(b.key))
                .map((field) => (field.label === null ? field.key : t(field.label)))
                .join(', ')
            })}
          </li>
        ))}
      </ul>
    </section>
  )
}
