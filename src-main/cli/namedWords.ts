import type { MessageKey } from '../common/i18n/translate'
import type { CliContext } from './CliContext'

/**
 * Words typed as they are in any language (incident types, entry kinds), each with its name
 * in the reader's language: "search (обыск), detention (задержание), …". A bare list of
 * English words would read as English inside a Russian or Kazakh line.
 * @param keyPrefix the catalog prefix naming each word, e.g. `incident.` or `kind.`
 */
export function namedWords(
  ctx: Pick<CliContext, 't'>,
  words: readonly string[],
  keyPrefix: string
): string {
  return words.map((word) => `${word} (${ctx.t(`${keyPrefix}${word}` as MessageKey)})`).join(', ')
}
