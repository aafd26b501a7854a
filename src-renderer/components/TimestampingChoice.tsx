import { useI18n } from '../i18n/I18n'

/**
 * The per-vault choice of trusted timestamps, in plain words: what it proves, and that the
 * authority sees a hash and this computer's network address, never content.
 */
export function TimestampingChoice(props: {
  checked: boolean
  onChange: (checked: boolean) => void
  disabled?: boolean
}): React.JSX.Element {
  const { t } = useI18n()
  return (
    <div className="field timestamping-choice">
      <label className="check">
        <input
          type="checkbox"
          checked={props.checked}
          disabled={props.disabled === true}
          aria-describedby="timestamping-hint"
          onChange={(event) => {
            props.onChange(event.target.checked)
          }}
        />
        {t('ui.timestamping.choice')}
      </label>
      <p className="hint" id="timestamping-hint">
        {t('ui.timestamping.hint')}
      </p>
    </div>
  )
}
