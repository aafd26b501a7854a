import { useState } from 'react'
import type { LockReason } from '../../src-main/common/contract/DalelApi'
import type { VaultSummary } from '../../src-main/common/contract/VaultApi'
import { Field } from '../components/Field'
import { FormFooter } from '../components/FormFooter'
import { VaultFolderField } from '../components/VaultFolderField'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'

export interface UnlockScreenProps {
  bridge: DalelBridge
  /** the vault opened last, from the settings */
  lastVaultPath: string | null
  /** why the vault was just locked, when it was */
  lockedReason: LockReason | null
  onUnlocked: (summary: VaultSummary) => void
  onCreateNew: () => void
}

type SecretKind = 'passphrase' | 'recoveryCode'

/** Opens a vault with its passphrase or, when that is forgotten, the recovery code. */
export function UnlockScreen(props: UnlockScreenProps): React.JSX.Element {
  const { t } = useI18n()
  const call = useCall()
  const dialog = useCall()
  const [path, setPath] = useState(props.lastVaultPath ?? '')
  const [kind, setKind] = useState<SecretKind>('passphrase')
  /** the passphrase in clear on the screen: a mistyped one can then be seen */
  const [shown, setShown] = useState(false)
  /** Caps Lock is on (read from the keys typed): the usual cause of a "wrong" passphrase */
  const [capsLock, setCapsLock] = useState(false)
  const [secret, setSecret] = useState('')

  const submit = async () => {
    const problem =
      path.trim() === ''
        ? 'ui.unlock.needPath'
        : secret === ''
          ? kind === 'passphrase'
            ? 'ui.unlock.needPassphrase'
            : 'ui.unlock.needCode'
          : null
    if (problem !== null) {
      call.setError(problem)
      return
    }
    const summary = await call.run(() =>
      props.bridge.unlock({
        path: path.trim(),
        secret: kind === 'passphrase' ? { passphrase: secret } : { recoveryCode: secret }
      })
    )
    // A wrong try keeps what was typed, to be shown and corrected rather than typed again.
    if (summary === null) return
    setSecret('')
    props.onUnlocked(summary)
  }

  return (
    <section className="screen narrow" aria-labelledby="unlock-title">
      <h1 id="unlock-title">{t('ui.unlock.title')}</h1>
      {props.lockedReason !== null && (
        <p className="notice info" role="status">
          {t(`ui.locked.${props.lockedReason}`)}
        </p>
      )}
      <form
        className="form"
        onChange={() => {
          call.setError(null)
        }}
        onKeyDown={(event) => {
          setCapsLock(event.getModifierState('CapsLock'))
        }}
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <VaultFolderField bridge={props.bridge} dialog={dialog} value={path} onChange={setPath} />
        <fieldset className="choice">
          <legend>{t('ui.unlock.with')}</legend>
          {(['passphrase', 'recoveryCode'] as const).map((option) => (
            <label key={option}>
              <input
                type="radio"
                name="secret-kind"
                checked={kind === option}
                onChange={() => {
                  setKind(option)
                  setSecret('')
                }}
              />
              {t(option === 'passphrase' ? 'ui.unlock.withPassphrase' : 'ui.unlock.withCode')}
            </label>
          ))}
        </fieldset>
        <Field
          label={t(kind === 'passphrase' ? 'ui.passphrase' : 'ui.recoveryCode')}
          type={shown ? 'text' : 'password'}
          value={secret}
          onChange={setSecret}
          autoComplete="current-password"
          autoFocus
          code={kind === 'recoveryCode'}
          {...(capsLock
            ? { hint: <strong className="caps-lock">{t('ui.unlock.capsLock')}</strong> }
            : kind === 'recoveryCode'
              ? { hint: t('ui.unlock.codeHint') }
              : {})}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={shown}
            onChange={(event) => {
              setShown(event.target.checked)
            }}
          />
          {t('ui.unlock.show')}
        </label>
        <FormFooter
          error={call.error ?? dialog.error}
          busy={call.busy}
          busyText={t('ui.unlock.busy')}
          submitLabel={t('ui.unlock.submit')}
          other={{ label: t('ui.unlock.createNew'), onClick: props.onCreateNew, className: 'link' }}
        />
      </form>
    </section>
  )
}
