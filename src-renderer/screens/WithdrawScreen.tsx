import { useState } from 'react'
import { Field } from '../components/Field'
import { ScreenForm } from '../components/ScreenForm'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'

export interface WithdrawScreenProps {
  bridge: DalelBridge
  seq: number
  onDone: (seq: number) => void
  onCancel: () => void
}

/**
 * Withdrawing destroys an entry's content and files for good; its hash stays in the chain,
 * so the chain still verifies and shows that something was withdrawn, when, and why. The
 * page says so plainly and asks for a reason and a confirmation.
 */
export function WithdrawScreen(props: WithdrawScreenProps): React.JSX.Element {
  const { t } = useI18n()
  const call = useCall()
  const [reason, setReason] = useState('')
  const [understood, setUnderstood] = useState(false)

  const submit = async () => {
    if (reason.trim() === '') {
      call.setError('ui.withdraw.needReason')
      return
    }
    if (!understood) {
      call.setError('ui.withdraw.needConfirm')
      return
    }
    const done = await call.run(() =>
      props.bridge.withdraw({ target: String(props.seq), reason: reason.trim() })
    )
    if (done !== null) props.onDone(props.seq)
  }

  return (
    <ScreenForm
      title={t('ui.withdraw.title', { seq: props.seq })}
      lead={<p className="notice warning lead-notice">{t('ui.withdraw.warning')}</p>}
      call={call}
      busyText={t('ui.form.saving')}
      submitLabel={t('ui.withdraw.submit')}
      onSubmit={submit}
      other={{ cancel: props.onCancel }}
    >
      <Field label={t('ui.withdraw.reason')} value={reason} onChange={setReason} rows={3} />
      <label className="check">
        <input
          type="checkbox"
          checked={understood}
          onChange={(event) => {
            setUnderstood(event.target.checked)
          }}
        />
        {t('ui.withdraw.confirm')}
      </label>
    </ScreenForm>
  )
}
