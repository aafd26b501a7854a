import { useState } from 'react'
import { CaptureProgressList } from '../components/CaptureProgressList'
import { Field } from '../components/Field'
import { FormFooter } from '../components/FormFooter'
import { RunUnderWay } from '../components/RunUnderWay'
import type { DalelBridge } from '../dalelBridge'
import { linesOf } from '../format'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'
import { useCaptureRun } from '../useCaptureRun'

export interface CaptureScreenProps {
  bridge: DalelBridge
  onOpen: (seq: number) => void
  onCancel: () => void
}

/**
 * Captures one or more web pages, one after another, with a line per page that says what is
 * happening to it now, and a Cancel that stops the capture itself.
 */
export function CaptureScreen(props: CaptureScreenProps): React.JSX.Element {
  const { t } = useI18n()
  const call = useCall()
  const [text, setText] = useState('')
  const { bridge } = props
  const capture = useCaptureRun(bridge, call)

  const submit = async () => {
    const list = linesOf(text)
    if (list.length === 0) {
      call.setError('ui.capture.needUrl')
      return
    }
    await capture.start(list, () => bridge.captureUrl({ urls: list }))
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
            label: t(capture.done === null ? 'ui.cancel' : 'ui.back'),
            onClick: props.onCancel,
            className: 'secondary'
          }}
        />
      </form>
      <CaptureProgressList
        rows={capture.rows}
        busy={call.busy}
        cancelled={capture.cancelled}
        onOpen={props.onOpen}
      />
      <RunUnderWay
        busy={call.busy}
        cancelled={capture.cancelled}
        busyText={t('ui.capture.busy')}
        onCancel={() => void capture.cancel()}
      />
      {capture.done !== null && (
        <p className="notice success" role="status">
          {t('ui.capture.done', { count: capture.done.length })}
        </p>
      )}
    </section>
  )
}
