import { useState } from 'react'
import type { VaultSummary } from '../../src-main/common/contract/VaultApi'
import { Field } from '../components/Field'
import { FormFooter } from '../components/FormFooter'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'
import { ChosenPath } from '../components/ChosenPath'
import './handOver.css'

export interface RestoreScreenProps {
  bridge: DalelBridge
  /** the restored vault, open: the app goes on with it */
  onRestored: (summary: VaultSummary) => void
  /** the way back: the unlock screen, or the timeline of the vault still open */
  onCancel: () => void
}

type SecretKind = 'passphrase' | 'recoveryCode'

/** The parent folder a new vault folder goes in, the way the system writes paths. */
function joinPath(parent: string, name: string): string {
  const separator = parent.includes('\\') && !parent.includes('/') ? '\\' : '/'
  return parent.endsWith(separator) ? `${parent}${name}` : `${parent}${separator}${name}`
}

/**
 * A backup back into a vault, in three steps on one page: the backup folder (on the drive),
 * the passphrase or the recovery code it was made with, and a new folder for the restored
 * vault — never over existing files. The restore checks every file and the whole chain
 * before the vault opens, and records itself as a custody entry; then what to do next.
 */
export function RestoreScreen(props: RestoreScreenProps): React.JSX.Element {
  const { t, f } = useI18n()
  const { bridge } = props
  const call = useCall()
  const [backupDir, setBackupDir] = useState<string | null>(null)
  const [kind, setKind] = useState<SecretKind>('passphrase')
  const [secret, setSecret] = useState('')
  const [parent, setParent] = useState<string | null>(null)
  const [name, setName] = useState('Dalel')
  const [restored, setRestored] = useState<VaultSummary | null>(null)

  const chooseBackup = async () => {
    const folder = await call.run(() => bridge.chooseFolder({ purpose: 'backup' }))
    if (folder !== null) setBackupDir(folder)
  }
  const chooseParent = async () => {
    const folder = await call.run(() => bridge.chooseFolder({ purpose: 'vault' }))
    if (folder !== null) setParent(folder)
  }

  const submit = async () => {
    if (backupDir === null) {
      call.setError('ui.restore.needBackup')
      return
    }
    if (secret === '') {
      call.setError('ui.restore.needSecret')
      return
    }
    if (parent === null || name.trim() === '') {
      call.setError('ui.restore.needTarget')
      return
    }
    const vaultDir = joinPath(parent, name.trim())
    const summary = await call.run(() =>
      bridge.restore({
        backupDir,
        vaultDir,
        secret: kind === 'passphrase' ? { passphrase: secret } : { recoveryCode: secret }
      })
    )
    setSecret('')
    if (summary !== null) setRestored(summary)
  }

  if (restored !== null)
    return (
      <section className="screen narrow restore" aria-labelledby="restore-done-title">
        <h1 id="restore-done-title">{t('ui.restore.doneTitle')}</h1>
        <p className="notice success verdict" role="status">
          {t('ui.restore.done', { entries: f.number(restored.entries), path: restored.path })}
        </p>
        <h2>{t('ui.exportDone.next')}</h2>
        <ol className="next-steps">
          <li>{t('ui.restore.step.check')}</li>
          <li>{t('ui.restore.step.backup')}</li>
          <li>{t('ui.restore.step.old')}</li>
        </ol>
        <div className="actions">
          <button
            type="button"
            className="primary"
            onClick={() => {
              props.onRestored(restored)
            }}
          >
            {t('ui.exportDone.home')}
          </button>
        </div>
      </section>
    )

  return (
    <section className="screen narrow restore" aria-labelledby="restore-title">
      <h1 id="restore-title">{t('ui.restore.title')}</h1>
      <p className="lead">{t('ui.restore.intro')}</p>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <fieldset className="group wide">
          <legend>{t('ui.restore.step1')}</legend>
          <ChosenPath
            path={backupDir}
            empty={t('ui.restore.noBackup')}
            buttonLabel={t('ui.choose')}
            onChoose={() => void chooseBackup()}
          />
        </fieldset>
        <fieldset className="group wide">
          <legend>{t('ui.restore.step2')}</legend>
          <div className="choice" role="radiogroup" aria-label={t('ui.restore.step2')}>
            {(['passphrase', 'recoveryCode'] as const).map((option) => (
              <label key={option}>
                <input
                  type="radio"
                  name="restore-secret"
                  checked={kind === option}
                  onChange={() => {
                    setKind(option)
                  }}
                />
                {t(option === 'passphrase' ? 'ui.unlock.withPassphrase' : 'ui.unlock.withCode')}
              </label>
            ))}
          </div>
          <Field
            label={t(kind === 'passphrase' ? 'ui.passphrase' : 'ui.recoveryCode')}
            value={secret}
            onChange={(value) => {
              setSecret(value)
              call.setError(null)
            }}
            type="password"
            code={kind === 'recoveryCode'}
          />
        </fieldset>
        <fieldset className="group wide">
          <legend>{t('ui.restore.step3')}</legend>
          <ChosenPath
            path={parent}
            empty={t('ui.restore.noParent')}
            buttonLabel={t('ui.choose')}
            onChoose={() => void chooseParent()}
          />
          <Field
            label={t('ui.restore.name')}
            value={name}
            onChange={setName}
            hint={
              parent === null || name.trim() === ''
                ? t('ui.restore.nameHint')
                : t('ui.restore.target', { path: joinPath(parent, name.trim()) })
            }
          />
        </fieldset>
        <FormFooter
          error={call.error}
          busy={call.busy}
          busyText={t('ui.restore.busy')}
          submitLabel={t('ui.restore.submit')}
          other={{ label: t('ui.cancel'), onClick: props.onCancel, className: 'secondary' }}
        />
      </form>
    </section>
  )
}
