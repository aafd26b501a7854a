import { useEffect, useState } from 'react'
import { AboutField, aboutRefs } from '../components/AboutField'
import type { AboutChoice } from '../components/AboutField'
import { Field } from '../components/Field'
import { ScreenForm } from '../components/ScreenForm'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'
import { useProgress } from './useProgress'
import { ProgressBar } from '../components/ProgressBar'

/** Files dropped on the window: the paths granted, and how many dropped items were not files. */
export interface DroppedBatch {
  paths: string[]
  skipped: number
}

export interface AttachScreenProps {
  bridge: DalelBridge
  onSaved: (seq: number) => void
  onCancel: () => void
  /** the last drop (App listens on the window); each new one is added to the list */
  dropped?: DroppedBatch
}

/** The file's name, for the list: the last part of its path, whichever separator. */
function nameOf(path: string): string {
  return path.split(/[\\/]/).pop() ?? path
}

/**
 * Files into one entry: the photos of a search record, a scan of an order, a recording.
 * The files come from the system's file dialog or a drop on the window, never a typed path
 * (the app grants the page only what the person chose); each is encrypted into the vault as
 * it is, under its SHA-256, with a bar of the bytes done while it is.
 */
export function AttachScreen(props: AttachScreenProps): React.JSX.Element {
  const { t } = useI18n()
  const call = useCall()
  const dialog = useCall()
  const [paths, setPaths] = useState<string[]>([])
  const [title, setTitle] = useState('')
  const [body, setBody] = useState('')
  const [about, setAbout] = useState<AboutChoice[]>([])
  const [skipped, setSkipped] = useState(0)
  const { bridge, dropped } = props
  const progress = useProgress(bridge, 'attachProgress')
  const { setError } = call

  // The app hashes each chosen file while this form is filled in; files the form no longer
  // lists (removed, or the form left) are not hashed on in the background.
  useEffect(
    () => () => {
      void bridge.forgetChosenFiles({})
    },
    [bridge]
  )

  const add = (chosen: readonly string[]) => {
    setError(null)
    // Chosen again, a file is listed once.
    setPaths((current) => [...new Set([...current, ...chosen])])
  }

  const choose = async () => {
    const chosen = await dialog.run(() => bridge.chooseFiles())
    if (chosen === null || chosen.length === 0) return
    setSkipped(0)
    add(chosen)
  }

  // A new drop (App passes each as a new object) adds its files while rendering, as React
  // advises for state that follows a prop, rather than in an effect after it.
  const [takenDrop, setTakenDrop] = useState<DroppedBatch | undefined>(undefined)
  if (dropped !== takenDrop) {
    setTakenDrop(dropped)
    if (dropped !== undefined) {
      setSkipped(dropped.skipped)
      setError(null)
      setPaths((current) => [...new Set([...current, ...dropped.paths])])
    }
  }

  const submit = async () => {
    if (paths.length === 0) {
      call.setError('ui.attach.needFiles')
      return
    }
    progress.reset()
    const view = await call.run(() =>
      bridge.addAttachment({
        paths,
        ...(title.trim() !== '' ? { title: title.trim() } : {}),
        ...(body.trim() !== '' ? { body } : {}),
        ...aboutRefs(about)
      })
    )
    if (view !== null) props.onSaved(view.seq)
  }

  return (
    <ScreenForm
      title={t('ui.attach.title')}
      lead={t('ui.attach.intro')}
      call={call}
      otherError={dialog.error}
      busyText={progress.text('ui.attach.busy', 'ui.attach.progress')}
      submitLabel={t('ui.attach.submit')}
      onSubmit={submit}
      other={{ cancel: props.onCancel }}
    >
      <div className="field drop-zone">
        <p className="hint">{t('ui.attach.dropHint')}</p>
        <button type="button" className="secondary" onClick={() => void choose()}>
          {t('ui.attach.choose')}
        </button>
        {skipped > 0 && (
          <p className="notice warning" role="status">
            {t('ui.attach.dropSkipped', { count: skipped })}
          </p>
        )}
        {paths.length > 0 && (
          <ul className="chosen-files" aria-label={t('ui.attach.chosen')}>
            {paths.map((path) => (
              <li key={path}>
                <span className="code" title={path}>
                  {nameOf(path)}
                </span>
                <button
                  type="button"
                  className="link"
                  aria-label={t('ui.attach.remove', { name: nameOf(path) })}
                  onClick={() => {
                    setPaths((current) => current.filter((p) => p !== path))
                    void bridge.forgetChosenFiles({ paths: [path] })
                  }}
                >
                  {t('ui.attach.removeShort')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="hint">
          {paths.length === 0 ? t('ui.attach.none') : t('ui.attach.count', { count: paths.length })}
        </div>
      </div>
      <Field
        label={t('field.title')}
        value={title}
        onChange={setTitle}
        hint={t('ui.attach.titleHint')}
      />
      <Field label={t('field.body')} value={body} onChange={setBody} rows={4} />
      <AboutField bridge={bridge} value={about} onChange={setAbout} />
      {call.busy && <ProgressBar last={progress.last} label={t('ui.attach.progressLabel')} />}
    </ScreenForm>
  )
}
