import { useState } from 'react'
import { AboutField, aboutRefs } from '../components/AboutField'
import type { AboutChoice } from '../components/AboutField'
import { Field } from '../components/Field'
import { ScreenForm } from '../components/ScreenForm'
import type { DalelBridge } from '../dalelBridge'
import { tagsOf } from '../format'
import { DateTimeField, EMPTY_DATE_TIME, dateTimeIso } from '../components/DateTimeField'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'

export interface AddNoteScreenProps {
  bridge: DalelBridge
  onSaved: (seq: number) => void
  onCancel: () => void
  /** the entry whose page the note was started from ("add a note about this") */
  about?: number
}

/** A note: a title, what happened in the journalist's words, and when. */
export function AddNoteScreen(props: AddNoteScreenProps): React.JSX.Element {
  const { t, f } = useI18n()
  const call = useCall()
  const [title, setTitle] = useState('')
  const [occurred, setOccurred] = useState(EMPTY_DATE_TIME)
  const [body, setBody] = useState('')
  const [tags, setTags] = useState('')
  const [about, setAbout] = useState<AboutChoice[]>([])

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
        ...aboutRefs(about)
      })
    )
    if (view !== null) props.onSaved(view.seq)
  }

  return (
    <ScreenForm
      title={t('ui.note.title')}
      lead={t('ui.form.appendOnly')}
      call={call}
      busyText={t('ui.form.saving')}
      submitLabel={t('ui.note.submit')}
      onSubmit={submit}
      other={{ cancel: props.onCancel }}
    >
      <Field label={t('field.title')} value={title} onChange={setTitle} required />
      <DateTimeField
        label={t('ui.form.occurredAt')}
        value={occurred}
        onChange={setOccurred}
        hint={t('ui.form.occurredHint')}
      />
      <Field label={t('field.body')} value={body} onChange={setBody} rows={8} />
      <Field label={t('field.tags')} value={tags} onChange={setTags} hint={t('ui.form.tagsHint')} />
      <AboutField
        bridge={props.bridge}
        value={about}
        onChange={setAbout}
        {...(props.about !== undefined ? { preset: props.about } : {})}
      />
    </ScreenForm>
  )
}
