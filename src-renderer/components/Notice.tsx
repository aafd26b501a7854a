export interface NoticeProps {
  text: string | null
}

/** An error, read out by screen readers as soon as it appears. */
export function ErrorNotice({ text }: NoticeProps): React.JSX.Element | null {
  if (text === null) return null
  return (
    <div className="notice error" role="alert">
      {text}
    </div>
  )
}

/**
 * Work in progress, always in words: a tired reader must know what the app is doing and
 * that it has not frozen. The dots only move; the text says it.
 */
export function BusyNotice({ text }: NoticeProps): React.JSX.Element | null {
  if (text === null) return null
  return (
    <div className="notice busy" role="status" aria-live="polite">
      <span className="pulse" aria-hidden="true" />
      {text}
    </div>
  )
}
