import { useI18n } from '../i18n/I18n'

export interface TimeProps {
  iso: string
  /**
   * what to show of it; the whole date, time and zone unless told. `utc`: the instant in UTC
   * to the second, where the label promises UTC (a capture's start and end), local on hover
   */
  show?: 'dateTime' | 'date' | 'time' | 'utc'
}

/** An instant in the page's language and the local zone, with UTC one hover away. */
export function Time({ iso, show = 'dateTime' }: TimeProps): React.JSX.Element {
  const { f } = useI18n()
  return (
    <time dateTime={iso} title={show === 'utc' ? f.dateTime(iso) : f.utc(iso)}>
      {f[show](iso)}
    </time>
  )
}
