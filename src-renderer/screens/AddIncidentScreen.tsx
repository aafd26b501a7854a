import { useId, useState } from 'react'
import type { IncidentInput } from '../../src-main/common/contract/VaultApi'
import type { IncidentType, Official } from '../../src-main/common/entry/Entry'
import { Field } from '../components/Field'
import { BusyNotice, ErrorNotice } from '../components/Notice'
import type { DalelBridge } from '../dalelBridge'
import { linesOf, localInputToIso, tagsOf } from '../format'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'

/**
 * The incident types in the order the form offers them (the renderer imports common/ as
 * types only, so the list is written out; the type below fails to compile if one is missing).
 */
const INCIDENT_TYPES = [
  'search',
  'detention',
  'interrogation',
  'threat',
  'physical-attack',
  'account-takedown',
  'content-removal',
  'ddos',
  'website-block',
  'legal-action',
  'other'
] as const satisfies readonly IncidentType[]
export const INCIDENT_FORM_IS_COMPLETE: Exclude<
  IncidentType,
  (typeof INCIDENT_TYPES)[number]
> extends never
  ? true
  : never = true

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

/** The fields of an official that were filled in; null when none was. */
function officialOf(draft: OfficialDraft): Official | null {
  const official: Official = {}
  if (draft.name.trim() !== '') official.name = draft.name.trim()
  if (draft.position.trim() !== '') official.position = draft.position.trim()
  if (draft.unit.trim() !== '') official.unit = draft.unit.trim()
  return Object.keys(official).length > 0 ? official : null
}

/** What the form holds, as the contract's IncidentInput: empty fields are left out. */
function incidentInput(form: {
  title: string
  type: IncidentType
  occurred: string
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
}): IncidentInput {
  const input: IncidentInput = { title: form.title.trim(), type: form.type }
  const occurredAt = localInputToIso(form.occurred)
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

/** An incident, with every structured field a lawyer will ask about. */
export function AddIncidentScreen(props: AddIncidentScreenProps): React.JSX.Element {
  const { t } = useI18n()
  const call = useCall()
  const typeId = useId()
  const [title, setTitle] = useState('')
  const [type, setType] = useState<IncidentType>('search')
  const [occurred, setOccurred] = useState('')
  const [place, setPlace] = useState('')
  const [body, setBody] = useState('')
  const [people, setPeople] = useState('')
  const [officials, setOfficials] = useState<OfficialDraft[]>([emptyOfficial()])
  const [legalBasis, setLegalBasis] = useState('')
  const [seized, setSeized] = useState('')
  const [lawyersAdmitted, setLawyersAdmitted] = useState('')
  const [lawyersRefused, setLawyersRefused] = useState('')
  const [witnesses, setWitnesses] = useState('')
  const [tags, setTags] = useState('')

  const setOfficial = (index: number, field: keyof OfficialDraft, value: string) => {
    setOfficials((list) => list.map((o, i) => (i === index ? { ...o, [field]: value } : o)))
  }

  const submit = async () => {
    if (title.trim() === '') {
      call.setError(t('ui.form.needTitle'))
      return
    }
    const input = incidentInput({
      title,
      type,
      occurred,
      place,
      body,
      people,
      officials,
      legalBasis,
      seized,
      lawyersAdmitted,
      lawyersRefused,
      witnesses,
      tags
    })
    const view = await call.run(() => props.bridge.addIncident(input))
    if (view !== null) props.onSaved(view.seq)
  }

  const onePerLine = t('ui.form.onePerLine')
  return (
    <section className="screen" aria-labelledby="incident-title">
      <h1 id="incident-title">{t('ui.incident.title')}</h1>
      <p className="lead">{t('ui.form.appendOnly')}</p>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <fieldset className="group">
          <legend>{t('ui.incident.what')}</legend>
          <div className="grid">
            <Field
              label={t('field.title')}
              value={title}
              onChange={setTitle}
              required
              autoFocus
              wide
            />
            <div className="field">
              <label htmlFor={typeId}>{t('field.incidentType')}</label>
              <select
                id={typeId}
                value={type}
                onChange={(event) => {
                  setType(event.target.value as IncidentType)
                }}
              >
                {INCIDENT_TYPES.map((option) => (
                  <option key={option} value={option}>
                    {t(`incident.${option}`)}
                  </option>
                ))}
              </select>
            </div>
            <Field
              label={t('ui.form.occurredAt')}
              type="datetime-local"
              value={occurred}
              onChange={setOccurred}
              hint={t('ui.form.occurredHint')}
            />
            <Field label={t('field.place')} value={place} onChange={setPlace} wide />
            <Field label={t('ui.incident.body')} value={body} onChange={setBody} rows={6} wide />
          </div>
        </fieldset>

        <fieldset className="group">
          <legend>{t('ui.incident.people')}</legend>
          <div className="grid">
            <Field
              label={t('field.peopleInvolved')}
              value={people}
              onChange={setPeople}
              rows={3}
              hint={onePerLine}
            />
            <Field
              label={t('field.witnesses')}
              value={witnesses}
              onChange={setWitnesses}
              rows={3}
              hint={onePerLine}
            />
          </div>
          {officials.map((official, index) => (
            <fieldset className="official" key={index}>
              <legend>{t('ui.incident.official', { number: index + 1 })}</legend>
              <div className="grid three">
                <Field
                  label={t('field.name')}
                  value={official.name}
                  onChange={(value) => {
                    setOfficial(index, 'name', value)
                  }}
                />
                <Field
                  label={t('field.position')}
                  value={official.position}
                  onChange={(value) => {
                    setOfficial(index, 'position', value)
                  }}
                />
                <Field
                  label={t('field.unit')}
                  value={official.unit}
                  onChange={(value) => {
                    setOfficial(index, 'unit', value)
                  }}
                />
              </div>
            </fieldset>
          ))}
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setOfficials((list) => [...list, emptyOfficial()])
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
              value={legalBasis}
              onChange={setLegalBasis}
              rows={3}
              hint={t('ui.incident.legalBasisHint')}
              wide
            />
            <Field
              label={t('field.itemsSeized')}
              value={seized}
              onChange={setSeized}
              rows={3}
              hint={onePerLine}
              wide
            />
            <Field
              label={t('field.lawyersAdmitted')}
              value={lawyersAdmitted}
              onChange={setLawyersAdmitted}
              rows={2}
              hint={onePerLine}
            />
            <Field
              label={t('field.lawyersRefused')}
              value={lawyersRefused}
              onChange={setLawyersRefused}
              rows={2}
              hint={onePerLine}
            />
          </div>
        </fieldset>

        <Field
          label={t('field.tags')}
          value={tags}
          onChange={setTags}
          hint={t('ui.form.tagsHint')}
        />
        <ErrorNotice text={call.error} />
        <BusyNotice text={call.busy ? t('ui.form.saving') : null} />
        <div className="actions">
          <button type="submit" className="primary" disabled={call.busy}>
            {t('ui.incident.submit')}
          </button>
          <button type="button" className="secondary" onClick={props.onCancel}>
            {t('ui.cancel')}
          </button>
        </div>
      </form>
    </section>
  )
}
