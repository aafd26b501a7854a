import { BusyNotice, ErrorNotice } from './Notice'

export interface FormFooterProps {
  /** the failure to show, translated; null when there is none */
  error: string | null
  /** true while the form's call is under way: submitting again waits for it */
  busy: boolean
  /** what the app is doing while `busy`, in words; null to say nothing */
  busyText: string | null
  submitLabel: string
  /** the other way out of the form: back, or to the other screen */
  other: { label: string; onClick: () => void; className: 'secondary' | 'link' } | null
}

/** The end of a form: what went wrong or is under way, then submit and the other way out. */
export function FormFooter(props: FormFooterProps): React.JSX.Element {
  return (
    <>
      <ErrorNotice text={props.error} />
      <BusyNotice text={props.busy ? props.busyText : null} />
      <div className="actions">
        <button type="submit" className="primary" disabled={props.busy}>
          {props.submitLabel}
        </button>
        {props.other !== null && (
          <button type="button" className={props.other.className} onClick={props.other.onClick}>
            {props.other.label}
          </button>
        )}
      </div>
    </>
  )
}
