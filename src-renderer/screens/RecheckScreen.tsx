import { CaptureTempNotice } from '../components/CaptureTempNotice'
import { CaptureRunStatus } from '../components/CaptureRunStatus'
import { FormFooter } from '../components/FormFooter'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'
import { useCaptureRun } from '../useCaptureRun'
import { entryNumber } from './entryNumber'

export interface RecheckScreenProps {
  bridge: DalelBridge
  /** the capture to recheck; null: the newest capture of every URL in the vault */
  seq: number | null
  onOpen: (seq: number) => void
  onCancel: () => void
}

/**
 * The takedown log: each page captured again and compared with its latest capture. The
 * outcome (unchanged, changed, restored, unavailable, gone) is a new entry naming the
 * earlier one; each line here says it as soon as it is recorded.
 */
export function RecheckScreen(props: RecheckScreenProps): React.JSX.Element {
  const { t, locale } = useI18n()
  const call = useCall()
  const { bridge, seq } = props
  const run = useCaptureRun(bridge, call)
  const no = seq === null ? '' : entryNumber(locale, seq)

  const submit = async () => {
    const refs = seq === null ? [] : [String(seq)]
    await run.start([], () => bridge.recheck(refs.length > 0 ? { refs } : {}))
  }

  return (
    <section className="screen narrow" aria-labelledby="recheck-title">
      <h1 id="recheck-title">
        {seq === null ? t('ui.recheck.title') : t('ui.recheck.titleOne', { seq: no })}
      </h1>
      <p className="lead">{t('ui.recheck.intro')}</p>
      <CaptureTempNotice bridge={bridge} />
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <FormFooter
          error={call.error}
          busy={call.busy}
          busyText={null}
          submitLabel={t(seq === null ? 'ui.recheck.submit' : 'ui.recheck.submitOne')}
          other={{
            label: t(run.over ? 'ui.back' : 'ui.cancel'),
            onClick: props.onCancel,
            className: 'secondary'
          }}
        />
      </form>
      <CaptureRunStatus
        run={run}
        busy={call.busy}
        busyText={t('ui.recheck.busy')}
        doneText={(count) => t('ui.recheck.done', { count })}
        onOpen={props.onOpen}
      />
    </section>
  )
}
