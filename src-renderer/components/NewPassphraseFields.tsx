import { Field } from './Field'
import { useI18n } from '../i18n/I18n'
import type { MessageKey, MessageParams } from '../i18n/translate'
import {
  MIN_PASSPHRASE_LENGTH,
  passphraseStrength
} from '../../src-main/common/passphrase/passphraseStrength'

export interface NewPassphraseFieldsProps {
  /** the first field's label: "Passphrase" when creating, "New passphrase" when changing */
  label: string
  value: string
  repeat: string
  onChange: (value: string) => void
  onRepeat: (value: string) => void
}

/**
 * Why a new passphrase cannot be taken, as a message to show; null when it can. Checked
 * before anything is sent, so a typo in the second field never reaches the vault.
 */
export function newPassphraseProblem(
  value: string,
  repeat: string
): { key: MessageKey; params?: MessageParams } | null {
  if (passphraseStrength(value) === 'too-short')
    return { key: 'ui.strength.too-short', params: { count: MIN_PASSPHRASE_LENGTH } }
  if (value !== repeat) return { key: 'ui.passphrase.differ' }
  return null
}

/** A new passphrase, typed twice, with its strength written under the first field. */
export function NewPassphraseFields(props: NewPassphraseFieldsProps): React.JSX.Element {
  const { t } = useI18n()
  const strength = passphraseStrength(props.value)
  return (
    <>
      <Field
        label={props.label}
        type="password"
        value={props.value}
        onChange={props.onChange}
        autoComplete="new-password"
        hint={
          // Advice before anything is typed, not a verdict in red on an empty field.
          <span className={props.value === '' ? 'strength' : `strength ${strength}`}>
            {props.value === ''
              ? t('ui.passphrase.advice', { count: MIN_PASSPHRASE_LENGTH })
              : t(`ui.strength.${strength}`, { count: MIN_PASSPHRASE_LENGTH })}
          </span>
        }
      />
      <Field
        label={t('ui.passphrase.repeat')}
        type="password"
        value={props.repeat}
        onChange={props.onRepeat}
        autoComplete="new-password"
      />
    </>
  )
}
