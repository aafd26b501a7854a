import type { Call } from '../useCall'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import { Field } from './Field'

export interface VaultFolderFieldProps {
  bridge: DalelBridge
  /** the folder dialog's call: the screen shows its failure beside its own */
  dialog: Call
  value: string
  onChange: (path: string) => void
  hint?: string
}

/** The vault's folder: a path typed in, or chosen in the system's folder dialog. */
export function VaultFolderField(props: VaultFolderFieldProps): React.JSX.Element {
  const { t } = useI18n()
  const choose = async () => {
    const folder = await props.dialog.run(() => props.bridge.chooseFolder({ purpose: 'vault' }))
    if (folder !== null) props.onChange(folder)
  }
  return (
    <div className="with-button">
      <Field
        label={t('ui.vaultFolder')}
        value={props.value}
        onChange={props.onChange}
        code
        hint={props.hint}
      />
      <button type="button" className="secondary" onClick={() => void choose()}>
        {t('ui.choose')}
      </button>
    </div>
  )
}
