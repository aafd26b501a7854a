import type { MessageKey } from '../common/i18n/translate'
import { sameWords } from '../common/i18n/sameWords'
import type { CliContext } from './CliContext'

/**
 * Words typed as they are in any language (incident types, entry kinds), each with its name
 * in the reader's language: "search (обыск), detention (задержание), …". A bare list of
 * English words would read as English inside a Russian or Kazakh line. A name that only says
 * the word again (English: "search") is left out (sameWords).
 * @param keyPrefix the catalog prefix naming each word, e.g. `incident.` or `kind.`
 */
export function namedWords(
  ctx: Pick<CliContext, 't'>,
  words: readonly string[],
  keyPrefix: string
): string {
  return words
    .map((word) => {
      const name = ctx.t(`${keyPrefix}${word}` as MessageKey)
      return sameWords(word, name) ? word : `${word} (${name})`
    })
    .join(', ')
}
