import { useId } from 'react'
import type { EntryField } from '../../src-main/common/entry/EntryField'
import { INCIDENT_TYPES } from '../../src-main/common/entry/Entry'
import { useI18n } from '../i18n/I18n'
import type { MessageKey } from '../i18n/translate'
import { DateTimeField } from './DateTimeField'
import { Field } from './Field'
import type { FieldDraft } from './fieldDraft'
import { RecordListField } from './RecordListField'

/** The stored words of each enum field a form edits, by its catalog prefix. */
const ENUM_VALUES: Readonly<Record<string, readonly string[]>> = {
  'incident.': INCIDENT_TYPES
}

export interface FieldEditorProps {
  field: EntryField<never>
  draft: FieldDraft
  onChange: (draft: FieldDraft) => void
}

/** The control for one field of the entry-field table, chosen by its shape. */
export function FieldEditor({ field, draft, onChange }: FieldEditorProps): React.JSX.Element {
  const { t } = useI18n()
  const id = useId()
  const label = t(field.label)
  switch (draft.kind) {
    case 'text':
      return (
        <Field
          label={label}
          value={draft.text}
          {...(draft.lines ? { rows: 5 } : {})}
          wide
          onChange={(text) => {
            onChange({ ...draft, text })
          }}
        />
      )
    case 'list':
      return (
        <Field
          label={label}
          value={draft.text}
          {...(draft.tags ? {} : { rows: 3 })}
          hint={t(draft.tags ? 'ui.form.tagsHint' : 'ui.form.onePerLine')}
          onChange={(text) => {
            onChange({ ...draft, text })
          }}
        />
      )
    case 'time':
      return (
        <DateTimeField
          label={label}
          value={draft.time}
          onChange={(time) => {
            onChange({ ...draft, time })
          }}
        />
      )
    case 'enum':
      return (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          <select
            id={id}
            value={draft.value}
            onChange={(event) => {
              onChange({ ...draft, value: event.target.value })
            }}
          >
            {(ENUM_VALUES[field.enumPrefix ?? ''] ?? [draft.value]).map((option) => (
              <option key={option} value={option}>
                {t(`${field.enumPrefix ?? ''}${option}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
      )
    case 'records':
      return (
        <fieldset className="group inner">
          <legend>{label}</legend>
          <RecordListField
            parts={draft.parts}
            records={draft.records}
            legend={field.shape === 'officials' ? 'ui.incident.official' : 'ui.incident.person'}
            addLabel={
              field.shape === 'officials' ? 'ui.incident.addOfficial' : 'ui.incident.addPerson'
            }
            onChange={(records) => {
              onChange({ ...draft, records })
            }}
          />
        </fieldset>
      )
    default: {
      const unknown: never = draft
      return unknown
    }
  }
}
