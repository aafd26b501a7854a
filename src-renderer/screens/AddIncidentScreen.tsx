import { useId, useState } from 'react'
import type { IncidentInput } from '../../src-main/common/contract/VaultApi'
import { INCIDENT_TYPES } from '../../src-main/common/entry/Entry'
import type { IncidentType, Official } from '../../src-main/common/entry/Entry'
import { Field } from '../components/Field'
import type { FieldProps } from '../components/Field'
import { FormFooter } from '../components/FormFooter'
import type { DalelBridge } from '../dalelBridge'
import { linesOf, tagsOf } from '../format'
import { DateTimeField, EMPTY_DATE_TIME, dateTimeIso } from '../components/DateTimeField'
import type { DateTimeValue } from '../components/DateTimeField'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'

export interface AddIncidentScreenProps {
  bridge: DalelBridge
  onSaved: (seq: number) => void
  onCancel: () => void
}

interface OfficialDraft {
  name: string
  position: string
  unit: string
}

const emptyOfficial = (): OfficialDraft => ({ name: '', position: '', unit: '' })
/** An official's fields, in the form's order; each is labelled `field.<name>`. */
const OFFICIAL_FIELDS = ['name', 'position', 'unit'] as const satisfies (keyof OfficialDraft)[]

/** The fields of an official that were filled in; null when none was. */
function officialOf(draft: OfficialDraft): Official | null {
  const official: Official = {}
  if (draft.name.trim() !== '') official.name = draft.name.trim()
  if (draft.position.trim() !== '') official.position = draft.position.trim()
  if (draft.unit.trim() !== '') official.unit = draft.unit.trim()
  return Object.keys(official).length > 0 ? official : null
}

interface IncidentForm {
  title: string
  type: IncidentType
  occurred: DateTimeValue
  place: string
  body: string
  people: string
  officials: OfficialDraft[]
  legalBasis: string
  seized: string
  lawyersAdmitted: string
  lawyersRefused: string
  witnesses: string
  tags: string
}

/** The form's fields that hold text as typed. */
type TextKey = Exclude<keyof IncidentForm, 'type' | 'officials' | 'occurred'>

const emptyForm = (): IncidentForm => ({
  title: '',
  type: 'search',
  occurred: EMPTY_DATE_TIME,
  place: '',
  body: '',
  people: '',
  officials: [emptyOfficial()],
  legalBasis: '',
  seized: '',
  lawyersAdmitted: '',
  lawyersRefused: '',
  witnesses: '',
  tags: ''
})

/** What the form holds, as the contract's IncidentInput: empty fields are left out. */
function incidentInput(form: IncidentForm, occurredAt: string | undefined): IncidentInput {
  const input: IncidentInput = { title: form.title.trim(), type: form.type }
  if (occurredAt !== undefined) input.occurredAt = occurredAt
  if (form.place.trim() !== '') input.place = form.place.trim()
  if (form.body.trim() !== '') input.body = form.body
  if (form.legalBasis.trim() !== '') input.legalBasisShown = form.legalBasis.trim()
  const lists = {
    peopleInvolved: linesOf(form.people),
    itemsSeized: linesOf(form.seized),
    lawyersAdmitted: linesOf(form.lawyersAdmitted),
    lawyersRefused: linesOf(form.lawyersRefused),
    witnesses: linesOf(form.witnesses),
    tags: tagsOf(form.tags)
  }
  for (const [key, list] of Object.entries(lists) as [keyof typeof lists, string[]][])
    if (list.length > 0) input[key] = list
  const officials = form.officials.map(officialOf).filter((o): o is Official => o !== null)
  if (officials.length > 0) input.officials = officials
  return input
}

/** A list, one item a line, as linesOf reads it back. */
function ListField(props: Omit<FieldProps, 'hint'>): React.JSX.Element {
  const { t } = useI18n()
  return <Field {...props} hint={t('ui.form.onePerLine')} />
}

/** An incident, with every structured field a lawyer will ask about. */
export function AddIncidentScreen(props: AddIncidentScreenProps): React.JSX.Element {
  const { t, f: format } = useI18n()
  const call = useCall()
  const typeId = useId()
  const [form, setForm] = useState(emptyForm)
  /** The value and onChange of the text field for `key`. */
  const bind = (key: TextKey) => ({
    value: form[key],
    onChange: (value: string) => {
      setForm((f) => ({ ...f, [key]: value }))
    }
  })
  const setOfficial = (index: number, field: keyof OfficialDraft, value: string) => {
    setForm((f) => ({
      ...f,
      officials: f.officials.map((o, i) => (i === index ? { ...o, [field]: value } : o))
    }))
  }

  const submit = async () => {
    if (form.title.trim() === '') {
      call.setError('ui.form.needTitle')
      return
    }
    const occurredAt = dateTimeIso(form.occurred, format)
    if (occurredAt === null) {
      call.setError('ui.dateField.invalid')
      return
    }
    const input = incidentInput(form, occurredAt)
    const view = await call.run(() => props.bridge.addIncident(input))
    if (view !== null) props.onSaved(view.seq)
  }

  return (
    <section className="screen" aria-labelledby="incident-title">
      <h1 id="incident-title">{t('ui.incident.title')}</h1>
      <p className="lead">{t('ui.form.appendOnly')}</p>
      <form
        className="form"
        onChange={() => {
          call.setError(null)
        }}
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <fieldset className="group">
          <legend>{t('ui.incident.what')}</legend>
          <div className="grid">
            <Field label={t('field.title')} {...bind('title')} required wide />
            <div className="field">
              <label htmlFor={typeId}>{t('field.incidentType')}</label>
              <select
                id={typeId}
                value={form.type}
                onChange={(event) => {
                  setForm((f) => ({ ...f, type: event.target.value as IncidentType }))
                }}
              >
                {INCIDENT_TYPES.map((option) => (
                  <option key={option} value={option}>
                    {t(`incident.${option}`)}
                  </option>
                ))}
              </select>
            </div>
            <DateTimeField
              label={t('ui.form.occurredAt')}
              value={form.occurred}
              onChange={(occurred) => {
                setForm((f) => ({ ...f, occurred }))
              }}
              hint={t('ui.form.occurredHint')}
            />
            <Field label={t('field.place')} {...bind('place')} wide />
            <Field label={t('ui.incident.body')} {...bind('body')} rows={6} wide />
          </div>
        </fieldset>

        <fieldset className="group">
          <legend>{t('ui.incident.people')}</legend>
          <div className="grid">
            <ListField label={t('field.peopleInvolved')} {...bind('people')} rows={3} />
            <ListField label={t('field.witnesses')} {...bind('witnesses')} rows={3} />
          </div>
          {form.officials.map((official, index) => (
            <fieldset className="official" key={index}>
              <legend>{t('ui.incident.official', { number: index + 1 })}</legend>
              <div className="grid three">
                {OFFICIAL_FIELDS.map((field) => (
                  <Field
                    key={field}
                    label={t(`field.${field}`)}
                    value={official[field]}
                    onChange={(value) => {
                      setOfficial(index, field, value)
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
              setForm((f) => ({ ...f, officials: [...f.officials, emptyOfficial()] }))
            }}
          >
            {t('ui.incident.addOfficial')}
          </button>
        </fieldset>

        <fieldset className="group">
          <legend>{t('ui.incident.legal')}</legend>
          <div className="grid">
            <Field
              label={t('field.legalBasisShown')}
              {...bind('legalBasis')}
              rows={3}
              hint={t('ui.incident.legalBasisHint')}
              wide
            />
            <ListField label={t('field.itemsSeized')} {...bind('seized')} rows={3} wide />
            <ListField label={t('field.lawyersAdmitted')} {...bind('lawyersAdmitted')} rows={2} />
            <ListField label={t('field.lawyersRefused')} {...bind('lawyersRefused')} rows={2} />
          </div>
        </fieldset>

        <Field label={t('field.tags')} {...bind('tags')} hint={t('ui.form.tagsHint')} />
        <FormFooter
          error={call.error}
          busy={call.busy}
          busyText={t('ui.form.saving')}
          submitLabel={t('ui.incident.submit')}
          other={{ label: t('ui.cancel'), onClick: props.onCancel, className: 'secondary' }}
        />
      </form>
    </section>
  )
}
