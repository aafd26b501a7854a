import { useId } from 'react'
import type { ReactNode } from 'react'

export interface FieldProps {
  label: string
  value: string
  onChange: (value: string) => void
  /** a line under the field: what to write, or how strong it is */
  hint?: ReactNode
  type?: 'text' | 'password' | 'search' | 'url' | 'datetime-local'
  /** a textarea of this many rows instead of a one-line input */
  rows?: number
  required?: boolean
  autoComplete?: string
  autoFocus?: boolean
  placeholder?: string
  /** monospace, for paths, addresses and codes */
  code?: boolean
  /** laid out across the whole form, not in a column */
  wide?: boolean
  /** a few digits (minutes, days): the input as long as them */
  short?: boolean
}

/** A labelled input or textarea; the label is the field's accessible name. */
export function Field(props: FieldProps): React.JSX.Element {
  const id = useId()
  const hintId = `${id}-hint`
  const common = {
    id,
    value: props.value,
    required: props.required,
    placeholder: props.placeholder,
    autoFocus: props.autoFocus,
    spellCheck: props.code === true ? false : undefined,
    className: props.code === true ? 'code' : props.short === true ? 'short' : undefined,
    inputMode: props.short === true ? ('numeric' as const) : undefined,
    'aria-describedby': props.hint !== undefined ? hintId : undefined
  }
  return (
    <div className={props.wide === true ? 'field wide' : 'field'}>
      <label htmlFor={id}>{props.label}</label>
      {props.rows !== undefined ? (
        <textarea
          {...common}
          rows={props.rows}
          onChange={(event) => {
            props.onChange(event.target.value)
          }}
        />
      ) : (
        <input
          {...common}
          type={props.type ?? 'text'}
          autoComplete={props.autoComplete ?? 'off'}
          onChange={(event) => {
            props.onChange(event.target.value)
          }}
        />
      )}
      {props.hint !== undefined && (
        <div className="hint" id={hintId}>
          {props.hint}
        </div>
      )}
    </div>
  )
}
