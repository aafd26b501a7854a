import { useState } from 'react'
import type { VaultSummary } from '../../src-main/common/contract/VaultApi'
import { Field } from '../components/Field'
import { FormFooter } from '../components/FormFooter'
import { VaultFolderField } from '../components/VaultFolderField'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import {
  MIN_PASSPHRASE_LENGTH,
  passphraseStrength
} from '../../src-main/common/passphrase/passphraseStrength'
import { useCall } from '../useCall'

export interface CreateVaultScreenProps {
  bridge: DalelBridge
  onCreated: (recoveryCode: string, summary: VaultSummary) => void
  onOpenExisting: () => void
}

/** A new vault: where it lives, whose it is, and the passphrase, typed twice. */
export function CreateVaultScreen(props: CreateVaultScreenProps): React.JSX.Element {
  const { t } = useI18n()
  const call = useCall()
  const dialog = useCall()
  const [path, setPath] = useState('')
  const [author, setAuthor] = useState('')
  const [passphrase, setPassphrase] = useState('')
  const [repeat, setRepeat] = useState('')
  const strength = passphraseStrength(passphrase)

  const submit = async () => {
    if (path.trim() === '') {
      call.setError('ui.create.needPath')
      return
    }
    if (strength === 'too-short') {
      call.setError('ui.strength.too-short', { count: MIN_PASSPHRASE_LENGTH })
      return
    }
    if (passphrase !== repeat) {
      call.setError('ui.passphrase.differ')
      return
    }
    const created = await call.run(() =>
      props.bridge.createVault({
        path: path.trim(),
        passphrase,
        ...(author.trim() !== '' ? { author: author.trim() } : {})
      })
    )
    if (created === null) return
    setPassphrase('')
    setRepeat('')
    props.onCreated(created.recoveryCode, created.summary)
  }

  return (
    <section className="screen narrow" aria-labelledby="create-title">
      <h1 id="create-title">{t('ui.create.title')}</h1>
      <p className="lead">{t('ui.create.intro')}</p>
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
        <VaultFolderField
          bridge={props.bridge}
          dialog={dialog}
          value={path}
          onChange={setPath}
          hint={t('ui.create.folderHint')}
        />
        <Field
          label={t('ui.create.author')}
          value={author}
          onChange={setAuthor}
          autoComplete="name"
          hint={t('ui.create.authorHint')}
        />
        <Field
          label={t('ui.passphrase')}
          type="password"
          value={passphrase}
          onChange={setPassphrase}
          autoComplete="new-password"
          hint={
            <span className={`strength ${strength}`}>
              {passphrase === ''
                ? t('ui.passphrase.advice', { count: MIN_PASSPHRASE_LENGTH })
                : t(`ui.strength.${strength}`, { count: MIN_PASSPHRASE_LENGTH })}
            </span>
          }
        />
        <Field
          label={t('ui.passphrase.repeat')}
          type="password"
          value={repeat}
          onChange={setRepeat}
          autoComplete="new-password"
        />
        <FormFooter
          error={call.error ?? dialog.error}
          busy={call.busy}
          busyText={t('ui.create.busy')}
          submitLabel={t('ui.create.submit')}
          other={{
            label: t('ui.create.openExisting'),
            onClick: props.onOpenExisting,
            className: 'link'
          }}
        />
      </form>
    </section>
  )
}
