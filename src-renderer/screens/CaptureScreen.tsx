import { useEffect, useState } from 'react'
import type { CaptureProgressEvent } from '../../src-main/common/contract/DalelApi'
import type { EntryView } from '../../src-main/common/contract/VaultApi'
import { Field } from '../components/Field'
import { FormFooter } from '../components/FormFooter'
import { BusyNotice } from '../components/Notice'
import type { DalelBridge } from '../dalelBridge'
import { linesOf } from '../format'
import type { Translate } from '../i18n/I18n'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'

export interface CaptureScreenProps {
  bridge: DalelBridge
  onOpen: (seq: number) => void
  onCancel: () => void
}

/** What one URL's line says: waiting, loading, or what was recorded. */
function outcomeText(t: Translate, event: CaptureProgressEvent): string {
  const entry = event.entry?.entry
  const payload = entry?.kind === 'web-capture' ? entry.payload : null
  const outcome = event.outcome ?? payload?.outcome ?? 'captured'
  return t(`captureOutcome.${outcome}`, {
    status: payload?.status ?? '—',
    reason: payload?.reason ?? '—'
  })
}

/**
 * Captures one or more web pages, one after another, with a line per page that says what is
 * happening to it now: a capture takes seconds, and a tired reader must not wonder.
 */
export function CaptureScreen(props: CaptureScreenProps): React.JSX.Element {
  const { t } = useI18n()
  const call = useCall()
  const [text, setText] = useState('')
  const [progress, setProgress] = useState<Map<string, CaptureProgressEvent>>(new Map())
  const [urls, setUrls] = useState<string[]>([])
  const [done, setDone] = useState<EntryView[] | null>(null)
  const { bridge } = props

  useEffect(
    () =>
      bridge.on('captureProgress', (event) => {
        setProgress((current) => new Map(current).set(`${event.index}`, event))
      }),
    [bridge]
  )

  const submit = async () => {
    const list = linesOf(text)
    if (list.length === 0) {
      call.setError('ui.capture.needUrl')
      return
    }
    setUrls(list)
    setProgress(new Map())
    setDone(null)
    const views = await call.run(() => bridge.captureUrl({ urls: list }))
    if (views !== null) setDone(views)
  }

  return (
    <section className="screen narrow" aria-labelledby="capture-title">
      <h1 id="capture-title">{t('ui.capture.title')}</h1>
      <p className="lead">{t('ui.capture.intro')}</p>
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
        <Field
          label={t('ui.capture.urls')}
          value={text}
          onChange={setText}
          rows={4}
          code
          autoFocus
          placeholder="https://"
          hint={t('ui.form.onePerLine')}
        />
        {/* What is under way is said under the progress list, not here. */}
        <FormFooter
          error={call.error}
          busy={call.busy}
          busyText={null}
          submitLabel={t('ui.capture.submit')}
          other={{
            label: t(done === null ? 'ui.cancel' : 'ui.back'),
            onClick: props.onCancel,
            className: 'secondary'
          }}
        />
      </form>
      {urls.length > 0 && (
        <ol className="capture-progress" aria-label={t('ui.capture.progress')}>
          {urls.map((url, i) => {
            const event = progress.get(`${i + 1}`)
            const seq = event?.entry?.seq
            return (
              <li key={`${i}-${url}`} className={event?.stage ?? 'waiting'}>
                <span className="url code">{url}</span>
                <span className="state">
                  {event === undefined
                    ? call.busy
                      ? t('ui.capture.waiting')
                      : t('ui.capture.notCaptured')
                    : event.stage === 'loading'
                      ? t('ui.capture.loading', { index: event.index, total: event.total })
                      : t('ui.capture.recorded', {
                          seq: seq ?? '?',
                          outcome: outcomeText(t, event)
                        })}
                </span>
                {seq !== undefined && (
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      props.onOpen(seq)
                    }}
                  >
                    {t('ui.capture.open', { seq })}
                  </button>
                )}
              </li>
            )
          })}
        </ol>
      )}
      <BusyNotice text={call.busy ? t('ui.capture.busy') : null} />
      {done !== null && (
        <p className="notice success" role="status">
          {t('ui.capture.done', { count: done.length })}
        </p>
      )}
    </section>
  )
}
