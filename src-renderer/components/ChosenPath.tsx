export interface ChosenPathProps {
  /** the path a system dialog returned, or null before one did */
  path: string | null
  /** what the row says before anything is chosen */
  empty: string
  buttonLabel: string
  onChoose: () => void
  /** the screen's main action (primary) or one step of a form (secondary) */
  primary?: boolean
  disabled?: boolean
}

/**
 * A file or folder picked in one of Dalel's own dialogs, with the button that opens it: the
 * page never takes a typed path for these, only what the dialog returned (ChosenPaths).
 */
export function ChosenPath(props: ChosenPathProps): React.JSX.Element {
  return (
    <div className="file-row">
      {/* the words before a choice are a sentence, not a path: not in the path's monospace */}
      <p className={props.path === null ? 'chosen-file muted' : 'code chosen-file'}>
        {props.path ?? props.empty}
      </p>
      <button
        type="button"
        className={props.primary === true ? 'primary' : 'secondary'}
        disabled={props.disabled}
        onClick={props.onChoose}
      >
        {props.buttonLabel}
      </button>
    </div>
  )
}
