import { useState } from 'react'
import type { VaultSummary } from '../../src-main/common/contract/VaultApi'
import { Field } from '../components/Field'
import { TimestampingChoice } from '../components/TimestampingChoice'
import { ScreenForm } from '../components/ScreenForm'
import { NewPassphraseFields, newPassphraseProblem } from '../components/NewPassphraseFields'
import { VaultFolderField } from '../components/VaultFolderField'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
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
  const [timestamping, setTimestamping] = useState(false)

  const submit = async () => {
    if (path.trim() === '') {
      call.setError('ui.create.needPath')
      return
    }
    const problem = newPassphraseProblem(passphrase, repeat)
    if (problem !== null) {
      call.setError(problem.key, problem.params)
      return
    }
    const created = await call.run(() =>
      props.bridge.createVault({
        path: path.trim(),
        passphrase,
        timestamping,
        ...(author.trim() !== '' ? { author: author.trim() } : {})
      })
    )
    if (created === null) return
    setPassphrase('')
    setRepeat('')
    props.onCreated(created.recoveryCode, created.summary)
  }

  return (
    <ScreenForm
      title={t('ui.create.title')}
      lead={t('ui.create.intro')}
      call={call}
      otherError={dialog.error}
      busyText={t('ui.create.busy')}
      submitLabel={t('ui.create.submit')}
      onSubmit={submit}
      other={{
        label: t('ui.create.openExisting'),
        onClick: props.onOpenExisting,
        className: 'link'
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
      <NewPassphraseFields
        label={t('ui.passphrase')}
        value={passphrase}
        repeat={repeat}
        onChange={setPassphrase}
        onRepeat={setRepeat}
      />
      <TimestampingChoice checked={timestamping} onChange={setTimestamping} />
    </ScreenForm>
  )
}
