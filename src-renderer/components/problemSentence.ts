import { isMessageKey } from '../i18n/translate'
import type { Locale, MessageKey, MessageParams } from '../i18n/translate'
import { entryNumber } from '../screens/entryNumber'

/** A problem of a check, as the services report it: a stable code and where it was found. */
export interface ProblemAt {
  code: string
  seq?: number
  file?: string
  /** the name an attachment `file` was recorded under, when the bundle names it otherwise */
  recordedAs?: string
}

/**
 * One problem as a sentence in the reader's language: where it was found (the entry, the
 * file), then what is wrong, from the first catalog prefix that names the code
 * (`verifyProblem.seq-gap`, `bundleProblem.seq-gap`…). Never the code itself, and never
 * the check's technical English `detail`.
 */
export function problemSentence(
  t: (key: MessageKey, params?: MessageParams) => string,
  locale: Locale,
  problem: ProblemAt,
  catalogs: readonly string[]
): string {
  const key = catalogs.map((prefix) => `${prefix}.${problem.code}`).find(isMessageKey)
  const what = key === undefined ? t('ui.verifyBundle.unknownProblem') : t(key)
  const where = [
    problem.seq === undefined
      ? undefined
      : t('ui.problem.entry', { seq: entryNumber(locale, problem.seq) }),
    problem.file === undefined ? undefined : t('ui.verifyBundle.file', { file: problem.file }),
    problem.recordedAs === undefined
      ? undefined
      : t('ui.verifyBundle.recordedAs', { name: problem.recordedAs })
  ]
    .filter((part) => part !== undefined)
    .join(', ')
  if (where === '') return `${what.charAt(0).toLocaleUpperCase(locale)}${what.slice(1)}.`
  return `${t('ui.problem.at', { where, problem: what })}.`
}
