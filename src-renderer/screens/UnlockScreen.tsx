import { useState } from 'react'
import type { LockReason } from '../../src-main/common/contract/DalelApi'
import type { VaultSummary } from '../../src-main/common/contract/VaultApi'
import { Field } from '../components/Field'
import { FormFooter } from '../components/FormFooter'
import { VaultFolderField } from '../components/VaultFolderField'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'
import { keyboardScript } from './keyboardScript'
import type { KeyboardScript } from './keyboardScript'
import { vaultName } from './vaultName'

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
  /**
   * The folder field, open when no vault is remembered or another one is wanted. Otherwise
   * the screen names the vault by its folder's name only: the full path (the account name,
   * the drive) is not left on a locked screen for whoever stands behind the laptop.
   */
  const [choosing, setChoosing] = useState(props.lastVaultPath === null)
  const [kind, setKind] = useState<SecretKind>('passphrase')
  /** the passphrase in clear on the screen: a mistyped one can then be seen */
  const [shown, setShown] = useState(false)
  /** Caps Lock is on (read from the keys typed): the usual cause of a "wrong" passphrase */
  const [capsLock, setCapsLock] = useState(false)
  /** the alphabet of the last letter typed: a passphrase typed in the other layout is "wrong" */
  const [script, setScript] = useState<KeyboardScript | null>(null)
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

  const layoutKey =
    kind === 'recoveryCode'
      ? script === 'cyrillic'
        ? 'ui.unlock.layout.codeCyrillic'
        : null
      : script === null
        ? null
        : script === 'cyrillic'
          ? 'ui.unlock.layout.cyrillic'
          : 'ui.unlock.layout.latin'
  const hints = [
    capsLock && (
      <strong key="caps" className="caps-lock">
        {t('ui.unlock.capsLock')}
      </strong>
    ),
    layoutKey !== null && (
      <span key="layout" className={kind === 'recoveryCode' ? 'caps-lock' : 'layout'}>
        {t(layoutKey)}
      </span>
    ),
    kind === 'recoveryCode' && layoutKey === null && (
      <span key="code">{t('ui.unlock.codeHint')}</span>
    )
  ].filter((hint) => hint !== false)

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
        {choosing ? (
          <VaultFolderField bridge={props.bridge} dialog={dialog} value={path} onChange={setPath} />
        ) : (
          <div className="vault-name">
            <p>{t('ui.unlock.vault', { name: vaultName(path) })}</p>
            <button
              type="button"
              className="link"
              onClick={() => {
                setPath('')
                setChoosing(true)
              }}
            >
              {t('ui.unlock.otherVault')}
            </button>
          </div>
        )}
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
                  setScript(null)
                }}
              />
              {t(option === 'passphrase' ? 'ui.unlock.withPassphrase' : 'ui.unlock.withCode')}
            </label>
          ))}
        </fieldset>
        <div
          onInput={(event) => {
            // Only the script of what was typed is kept, never the characters (InputEvent.data
            // is one keystroke's text, or what was pasted).
            const typed = event.nativeEvent.data
            if (typed !== null) setScript(keyboardScript(typed) ?? script)
          }}
        >
          <Field
            label={t(kind === 'passphrase' ? 'ui.passphrase' : 'ui.recoveryCode')}
            type={shown ? 'text' : 'password'}
            value={secret}
            onChange={(value) => {
              setSecret(value)
              if (value === '') setScript(null)
            }}
            autoComplete="current-password"
            autoFocus
            code={kind === 'recoveryCode'}
            hint={hints.length === 0 ? undefined : hints}
          />
        </div>
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
