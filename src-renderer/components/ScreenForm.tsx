import { useId, useRef } from 'react'
import type { ReactNode } from 'react'
import { useI18n } from '../i18n/I18n'
import { keepDashWithWord } from '../keepDashWithWord'
import type { Call } from '../useCall'
import { FormFooter } from './FormFooter'
import { ErrorNotice } from './Notice'

export interface ScreenFormProps {
  /** the screen's heading: the App moves the focus to it when the screen opens */
  title: string
  /** under the heading: a string is the screen's lead paragraph; anything else shows as is */
  lead?: ReactNode
  /** the form takes the window's width (the incident and amendment forms); narrow otherwise */
  wide?: boolean
  /** the screen's call: its failure shows (in the current language), cleared by any input */
  call: Call
  /** a failure of another call of the screen (a dialog, a load), shown when `call` has none */
  otherError?: string | null
  /** what the app is doing while the call is busy; null to say nothing */
  busyText: string | null
  submitLabel: string
  onSubmit: () => Promise<void>
  /**
   * The other way out: Back, or another screen. With `escapes`, Escape takes it too, as long
   * as nothing has been typed into the form, so that a stray key never throws away a written
   * account of a search. `cancel` is the usual one: Cancel, which Escape takes.
   */
  other:
    | { label: string; onClick: () => void; className: 'secondary' | 'link'; escapes?: boolean }
    | { cancel: () => void }
  /** false while what the form edits is still loading: only the heading, lead and error show */
  ready?: boolean
  children: ReactNode
  /** below the form: progress of what it started, its results */
  after?: ReactNode
}

/**
 * The scaffolding every recording and correcting screen shares: a section labelled by its
 * heading, the lead, one form whose failure re-translates when the language changes and
 * clears when the input changes, a submit button disabled while busy, the other way out,
 * and Escape. The screens hold only their fields and what submitting means.
 */
export function ScreenForm(props: ScreenFormProps): React.JSX.Element {
  const { t } = useI18n()
  const headingId = useId()
  const { call } = props
  const other =
    'cancel' in props.other
      ? {
          label: t('ui.cancel'),
          onClick: props.other.cancel,
          className: 'secondary' as const,
          escapes: true
        }
      : props.other
  // Set by the first input; Escape then no longer leaves the form.
  const touched = useRef(false)
  const error = call.error ?? props.otherError ?? null
  return (
    <section
      className={props.wide === true ? 'screen' : 'screen narrow'}
      aria-labelledby={headingId}
    >
      <h1 id={headingId}>{keepDashWithWord(props.title)}</h1>
      {typeof props.lead === 'string' ? <p className="lead">{props.lead}</p> : props.lead}
      {props.ready === false ? (
        <ErrorNotice text={error} />
      ) : (
        <form
          className="form"
          onChange={() => {
            touched.current = true
            call.setError(null)
          }}
          onKeyDown={(event) => {
            if (event.key !== 'Escape' || event.defaultPrevented) return
            if (other.escapes !== true || touched.current || call.busy) return
            event.preventDefault()
            other.onClick()
          }}
          onSubmit={(event) => {
            event.preventDefault()
            void props.onSubmit()
          }}
        >
          {props.children}
          <FormFooter
            error={error}
            busy={call.busy}
            busyText={props.busyText}
            submitLabel={props.submitLabel}
            other={{ label: other.label, onClick: other.onClick, className: other.className }}
          />
        </form>
      )}
      {props.after}
    </section>
  )
}
