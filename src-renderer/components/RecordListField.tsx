import { Field } from './Field'
import { useI18n } from '../i18n/I18n'
import type { MessageKey } from '../i18n/translate'

/** One person as typed: each part a string, empty when not given. */
export type RecordDraft = Readonly<Record<string, string>>

export interface RecordListFieldProps {
  /** the parts of each record, in the form's order; each labelled `field.<part>` */
  parts: readonly string[]
  records: readonly RecordDraft[]
  onChange: (records: RecordDraft[]) => void
  /** the legend of the n-th record's group ("Official 2") */
  legend: MessageKey
  /** the button that adds one more */
  addLabel: MessageKey
}

export function emptyRecord(parts: readonly string[]): RecordDraft {
  return Object.fromEntries(parts.map((part) => [part, '']))
}

/** The records that have some part filled in, each with only its filled parts, trimmed. */
export function recordsOf<T extends object>(records: readonly RecordDraft[]): T[] {
  const filled: T[] = []
  for (const record of records) {
    const parts = Object.entries(record)
      .map(([part, value]) => [part, value.trim()] as const)
      .filter(([, value]) => value !== '')
    if (parts.length > 0) filled.push(Object.fromEntries(parts) as T)
  }
  return filled
}

/**
 * A list of people (officials with rank and unit, people present with their role): one group
 * of fields a person, and a button for one more. Each group is a fieldset named by its
 * number, so a screen reader says whose name is being typed.
 */
export function RecordListField(props: RecordListFieldProps): React.JSX.Element {
  const { t } = useI18n()
  const set = (index: number, part: string, value: string) => {
    props.onChange(props.records.map((r, i) => (i === index ? { ...r, [part]: value } : r)))
  }
  return (
    <>
      {props.records.map((record, index) => (
        <fieldset className="official" key={index}>
          <legend>{t(props.legend, { number: index + 1 })}</legend>
          <div className={props.parts.length === 3 ? 'grid three' : 'grid'}>
            {props.parts.map((part) => (
              <Field
                key={part}
                label={t(`field.${part}` as MessageKey)}
                value={record[part] ?? ''}
                onChange={(value) => {
                  set(index, part, value)
                }}
              />
            ))}
          </div>
        </fieldset>
      ))}
      <button
        type="button"
        className="secondary"
        onClick={() => {
          props.onChange([...props.records, emptyRecord(props.parts)])
        }}
      >
        {t(props.addLabel)}
      </button>
    </>
  )
}
