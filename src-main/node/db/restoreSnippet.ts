import { foldForSearch } from '../../common/entry/foldForSearch'

/**
 * A snippet of the full-text index, with the letters the index folded (foldForSearch: ё as е)
 * put back from the entry's own text, so the timeline quotes "жёсткий" as it was written.
 * snippet() cuts its pieces out of the folded text and joins them with `ellipsis`; each piece,
 * without its marks, is found in the folded form of one of `originals` and its letters are
 * taken from the same positions of the original (folding keeps every offset). The marks stay
 * where snippet() put them. A piece found nowhere (it cannot be, unless the entry's text is
 * not what was indexed) is left as it is.
 * @param marks the characters snippet() put around matching words
 * @param originals the texts that were indexed, unfolded (title, body, fields)
 */
export function restoreSnippet(
  snippet: string,
  originals: readonly string[],
  marks: readonly string[],
  ellipsis: string
): string {
  if (!/[еЕ]/.test(snippet)) return snippet
  const sources = originals
    .filter((text) => /[ёЁ]/.test(text))
    .map((original) => ({ original, folded: foldForSearch(original) }))
  if (sources.length === 0) return snippet
  const isMark = (unit: string) => marks.includes(unit)
  return snippet
    .split(ellipsis)
    .map((piece) => {
      const plain = marks.reduce((text, mark) => text.replaceAll(mark, ''), piece)
      if (!/[еЕ]/.test(plain)) return piece
      for (const { original, folded } of sources) {
        let at = folded.indexOf(plain)
        if (at < 0) continue
        let restored = ''
        for (let i = 0; i < piece.length; i++) {
          const unit = piece.charAt(i)
          restored += isMark(unit) ? unit : original.charAt(at++)
        }
        return restored
      }
      return piece
    })
    .join(ellipsis)
}
