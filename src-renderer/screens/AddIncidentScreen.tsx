import { useId, useState } from 'react'
import type { IncidentInput } from '../../src-main/common/contract/VaultApi'
import { INCIDENT_TYPES } from '../../src-main/common/entry/Entry'
import type { IncidentType, Official, PersonPresent } from '../../src-main/common/entry/Entry'
import { AboutField, aboutRefs } from '../components/AboutField'
import type { AboutChoice } from '../components/AboutField'
import { Field } from '../components/Field'
import type { FieldProps } from '../components/Field'
import { ScreenForm } from '../components/ScreenForm'
import { RECORD_PARTS } from '../components/fieldDraft'
import { RecordListField, emptyRecord, recordsOf } from '../components/RecordListField'
import type { RecordDraft } from '../components/RecordListField'
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

interface IncidentForm {
  title: string
  type: IncidentType
  occurred: DateTimeValue
  ended: DateTimeValue
  caseNumber: string
  place: string
  body: string
  people: string
  present: RecordDraft[]
  officials: RecordDraft[]
  legalBasis: string
  seized: string
  lawyersAdmitted: string
  lawyersRefused: string
  witnesses: string
  tags: string
}

/** The form's fields that hold text as typed. */
type TextKey = Exclude<keyof IncidentForm, 'type' | 'officials' | 'present' | 'occurred' | 'ended'>

const emptyForm = (): IncidentForm => ({
  title: '',
  type: 'search',
  occurred: EMPTY_DATE_TIME,
  ended: EMPTY_DATE_TIME,
  caseNumber: '',
  place: '',
  body: '',
  people: '',
  present: [emptyRecord(RECORD_PARTS.people)],
  officials: [emptyRecord(RECORD_PARTS.officials)],
  legalBasis: '',
  seized: '',
  lawyersAdmitted: '',
  lawyersRefused: '',
  witnesses: '',
  tags: ''
})

/** What the form holds, as the contract's IncidentInput: empty fields are left out. */
function incidentInput(
  form: IncidentForm,
  times: { occurredAt: string | undefined; endedAt: string | undefined }
): IncidentInput {
  const input: IncidentInput = { title: form.title.trim(), type: form.type }
  if (times.occurredAt !== undefined) input.occurredAt = times.occurredAt
  if (times.endedAt !== undefined) input.endedAt = times.endedAt
  if (form.caseNumber.trim() !== '') input.caseNumber = form.caseNumber.trim()
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
  const officials = recordsOf<Official>(form.officials)
  if (officials.length > 0) input.officials = officials
  const present = recordsOf<PersonPresent>(form.present)
  if (present.length > 0) input.peoplePresent = present
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
  const presentHintId = useId()
  const [form, setForm] = useState(emptyForm)
  const [about, setAbout] = useState<AboutChoice[]>([])
  /** The value and onChange of the text field for `key`. */
  const bind = (key: TextKey) => ({
    value: form[key],
    onChange: (value: string) => {
      setForm((f) => ({ ...f, [key]: value }))
    }
  })

  const submit = async () => {
    if (form.title.trim() === '') {
      call.setError('ui.form.needTitle')
      return
    }
    const occurredAt = dateTimeIso(form.occurred, format)
    const endedAt = dateTimeIso(form.ended, format)
    if (occurredAt === null || endedAt === null) {
      call.setError('ui.dateField.invalid')
      return
    }
    const input = incidentInput(form, { occurredAt, endedAt })
    const view = await call.run(() => props.bridge.addIncident({ ...input, ...aboutRefs(about) }))
    if (view !== null) props.onSaved(view.seq)
  }

  return (
    <ScreenForm
      title={t('ui.incident.title')}
      lead={t('ui.form.appendOnly')}
      wide
      call={call}
      busyText={t('ui.form.saving')}
      submitLabel={t('ui.incident.submit')}
      onSubmit={submit}
      other={{ cancel: props.onCancel }}
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
          {/* beside the type: on a small laptop each time below takes a row of its own */}
          <Field label={t('field.caseNumber')} {...bind('caseNumber')} />
          <DateTimeField
            label={t('ui.form.occurredAt')}
            value={form.occurred}
            onChange={(occurred) => {
              setForm((f) => ({ ...f, occurred }))
            }}
            hint={t('ui.form.occurredHint')}
          />
          <DateTimeField
            label={t('field.endedAt')}
            value={form.ended}
            onChange={(ended) => {
              setForm((f) => ({ ...f, ended }))
            }}
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
        <fieldset className="group inner" aria-describedby={presentHintId}>
          <legend>{t('field.peoplePresent')}</legend>
          <p className="hint" id={presentHintId}>
            {t('ui.incident.presentHint')}
          </p>
          <RecordListField
            parts={RECORD_PARTS.people}
            records={form.present}
            legend="ui.incident.person"
            addLabel="ui.incident.addPerson"
            onChange={(present) => {
              setForm((f) => ({ ...f, present }))
            }}
          />
        </fieldset>
        <RecordListField
          parts={RECORD_PARTS.officials}
          records={form.officials}
          legend="ui.incident.official"
          addLabel="ui.incident.addOfficial"
          onChange={(officials) => {
            setForm((f) => ({ ...f, officials }))
          }}
        />
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
      <AboutField bridge={props.bridge} value={about} onChange={setAbout} />
    </ScreenForm>
  )
}
