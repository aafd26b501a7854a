import { useI18n } from '../i18n/I18n'
import { problemSentence } from './problemSentence'
import type { ProblemAt } from './problemSentence'

export interface ProblemListProps {
  problems: readonly ProblemAt[]
  /** the catalog prefixes that name a code, tried in order (see problemSentence) */
  catalogs: readonly string[]
}

/** The problems (or warnings) a check found, one sentence each: the vault's and a bundle's. */
export function ProblemList({ problems, catalogs }: ProblemListProps): React.JSX.Element {
  const { t, locale } = useI18n()
  return (
    <ul className="problems">
      {problems.map((problem, i) => (
        <li key={i}>{problemSentence(t, locale, problem, catalogs)}</li>
      ))}
    </ul>
  )
}
