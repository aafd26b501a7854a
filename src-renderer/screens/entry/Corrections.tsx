import type { EntryView } from '../../../src-main/common/contract/VaultApi'
import { changedFields } from '../../../src-main/common/entry/shownFields'
import { Time } from '../../components/Time'
import { useI18n } from '../../i18n/I18n'
import { Facts } from './Facts'
import { fieldNode } from './fieldNode'

/** The amendments that correct an entry, oldest first, each with what it changed and why. */
export function Corrections({
  related,
  no
}: {
  /** the amendments and the withdrawal that name the entry */
  related: readonly EntryView[]
  no: (seq: number) => string
}): React.JSX.Element | null {
  const { t } = useI18n()
  const amendments = related.flatMap((r) =>
    r.entry?.kind === 'amendment' ? [{ seq: r.seq, recordedAt: r.recordedAt, entry: r.entry }] : []
  )
  if (amendments.length === 0) return null
  return (
    <section className="corrections" aria-labelledby="corrections-title">
      <h2 id="corrections-title">{t('ui.entry.corrections')}</h2>
      {amendments.map((r) => (
        <div key={r.seq} className="correction">
          <p>
            <strong>
              {t('ui.entry.correctedBy', { seq: no(r.seq), reason: r.entry.payload.reason })}
            </strong>{' '}
            <Time iso={r.recordedAt} />
          </p>
          <Facts
            rows={changedFields(r.entry.payload.changes).map((field) => [
              field.label === null ? field.key : t(field.label),
              fieldNode(t, field.value, { no })
            ])}
          />
        </div>
      ))}
    </section>
  )
}
