import { useI18n } from '../i18n/I18n'

export interface TimeProps {
  iso: string
  /** what to show of it; the whole date, time and zone unless told */
  show?: 'dateTime' | 'date' | 'time'
}

/** An instant in the page's language and the local zone, with UTC one hover away. */
export function Time({ iso, show = 'dateTime' }: TimeProps): React.JSX.Element {
  const { f } = useI18n()
  return (
    <time dateTime={iso} title={f.utc(iso)}>
      {f[show](iso)}
    </time>
  )
}
