import { useState } from 'react'
import { CaptureRunStatus } from '../components/CaptureRunStatus'
import { CaptureTempNotice } from '../components/CaptureTempNotice'
import { AboutField, aboutRefs } from '../components/AboutField'
import type { AboutChoice } from '../components/AboutField'
import { Field } from '../components/Field'
import { ScreenForm } from '../components/ScreenForm'
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
  const [about, setAbout] = useState<AboutChoice[]>([])
  const { bridge } = props
  const capture = useCaptureRun(bridge, call)

  const submit = async () => {
    const list = linesOf(text)
    if (list.length === 0) {
      call.setError('ui.capture.needUrl')
      return
    }
    await capture.start(list, () => bridge.captureUrl({ urls: list, ...aboutRefs(about) }))
  }

  return (
    <ScreenForm
      title={t('ui.capture.title')}
      lead={
        <>
          <p className="lead">{t('ui.capture.intro')}</p>
          <CaptureTempNotice bridge={bridge} />
        </>
      }
      call={call}
      // What is under way is said under the progress list, not here.
      busyText={null}
      submitLabel={t('ui.capture.submit')}
      onSubmit={submit}
      other={{
        label: t(capture.over ? 'ui.back' : 'ui.cancel'),
        onClick: props.onCancel,
        className: 'secondary',
        escapes: true
      }}
      after={
        <CaptureRunStatus
          run={capture}
          busy={call.busy}
          busyText={t('ui.capture.busy')}
          doneText={(count) => t('ui.capture.done', { count })}
          onOpen={props.onOpen}
        />
      }
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
      <AboutField bridge={bridge} value={about} onChange={setAbout} />
    </ScreenForm>
  )
}
