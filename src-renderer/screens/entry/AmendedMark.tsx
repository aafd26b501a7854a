import type { ReactNode } from 'react'
import { amendedMark } from '../../../src-main/common/entry/amendedMark'
import type { FieldValue } from '../../../src-main/common/entry/EntryField'
import type { AmendedField } from '../../../src-main/common/entry/fieldHistory'
import { useI18n } from '../../i18n/I18n'

/**
 * Beside a corrected field: "as amended by №N (reason)" for the amendment whose value the page
 * shows, and, on request, every value the field has held — as first recorded, then each
 * amendment's, oldest first. A court asks what was written first; the page never hides that
 * a value is not the recorded one.
 */
export function AmendedMark({
  field,
  render
}: {
  field: AmendedField
  /** a value laid out as the page lays out the field (fieldNode) */
  render: (value: FieldValue) => ReactNode
}): React.JSX.Element {
  const { t } = useI18n()
  const shown = (value: FieldValue | undefined) => (value === undefined ? '—' : render(value))
  return (
    <div className="amended-mark" data-field={field.key} data-amended-by={field.latest.seq}>
      <span className="amended-by">{amendedMark(t, field.latest.seq, field.latest.reason)}</span>
      <details>
        <summary>
          {field.steps.length > 2
            ? t('ui.entry.fieldHistory', { count: field.steps.length })
            : t('verifyPage.showOriginal')}
        </summary>
        <ol className="field-history">
          {field.steps.map((step) => (
            <li key={step.seq ?? 0} data-step={step.seq ?? 'recorded'}>
              <span className="step">
                {step.seq === null
                  ? t('ui.entry.asRecorded')
                  : amendedMark(t, step.seq, step.reason)}
              </span>{' '}
              <div className="step-value">{shown(step.value)}</div>
            </li>
          ))}
        </ol>
      </details>
    </div>
  )
}
