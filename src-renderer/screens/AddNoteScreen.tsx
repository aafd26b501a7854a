import { useState } from 'react'
import { Field } from '../components/Field'
import { FormFooter } from '../components/FormFooter'
import type { DalelBridge } from '../dalelBridge'
import { tagsOf } from '../format'
import { DateTimeField, EMPTY_DATE_TIME, dateTimeIso } from '../components/DateTimeField'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'
import { entryNumber } from './entryNumber'

export interface AddNoteScreenProps {
  bridge: DalelBridge
  onSaved: (seq: number) => void
  onCancel: () => void
  /** the entry whose page the note was started from ("add a note about this") */
  about?: number
}

/** A note: a title, what happened in the journalist's words, and when. */
export function AddNoteScreen(props: AddNoteScreenProps): React.JSX.Element {
  const { t, f, locale } = useI18n()
  const call = useCall()
  const [title, setTitle] = useState('')
  const [occurred, setOccurred] = useState(EMPTY_DATE_TIME)
  const [body, setBody] = useState('')
  const [tags, setTags] = useState('')
  // Offered, not imposed: the journalist may untick it and record an unrelated note.
  const [linked, setLinked] = useState(props.about !== undefined)
  const about = linked && props.about !== undefined ? [String(props.about)] : []

  const submit = async () => {
    if (title.trim() === '') {
      call.setError('ui.form.needTitle')
      return
    }
    const occurredAt = dateTimeIso(occurred, f)
    if (occurredAt === null) {
      call.setError('ui.dateField.invalid')
      return
    }
    const tagList = tagsOf(tags)
    const view = await call.run(() =>
      props.bridge.addNote({
        title: title.trim(),
        ...(body.trim() !== '' ? { body } : {}),
        ...(occurredAt !== undefined ? { occurredAt } : {}),
        ...(tagList.length > 0 ? { tags: tagList } : {}),
        ...(about.length > 0 ? { about } : {})
      })
    )
    if (view !== null) props.onSaved(view.seq)
  }

  return (
    <section className="screen narrow" aria-labelledby="note-title">
      <h1 id="note-title">{t('ui.note.title')}</h1>
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
        <Field label={t('field.title')} value={title} onChange={setTitle} required />
        <DateTimeField
          label={t('ui.form.occurredAt')}
          value={occurred}
          onChange={setOccurred}
          hint={t('ui.form.occurredHint')}
        />
        <Field label={t('field.body')} value={body} onChange={setBody} rows={8} />
        <Field
          label={t('field.tags')}
          value={tags}
          onChange={setTags}
          hint={t('ui.form.tagsHint')}
        />
        {props.about !== undefined && (
          <label className="check">
            <input
              type="checkbox"
              checked={linked}
              onChange={(event) => {
                setLinked(event.target.checked)
              }}
            />{' '}
            {t('ui.note.about', { seq: entryNumber(locale, props.about) })}
          </label>
        )}
        <FormFooter
          error={call.error}
          busy={call.busy}
          busyText={t('ui.form.saving')}
          submitLabel={t('ui.note.submit')}
          other={{ label: t('ui.cancel'), onClick: props.onCancel, className: 'secondary' }}
        />
      </form>
    </section>
  )
}
