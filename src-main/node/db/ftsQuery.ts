import { foldForSearch } from '../../common/entry/foldForSearch'

/**
 * Turns what a person typed into an FTS4 MATCH expression: every word must occur, as a
 * prefix, in any column. Words are quoted, so no FTS operator syntax can be injected. The
 * words are folded as the index is (foldForSearch: "жёсткий" and "жесткий" are one word).
 */
export function ftsQuery(typed: string): string | null {
  const words = foldForSearch(typed.normalize('NFC')).match(/[\p{L}\p{N}]+/gu) ?? []
  if (words.length === 0) return null
  return words.map((word) => `"${word}*"`).join(' ')
}
