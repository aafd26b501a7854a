/** The marks the service puts around matching words in a snippet (common/entry/searchSnippet.ts). */
const START = '\u0002'
const END = '\u0003'

/** Characters kept before the first match: enough for a word or two of context. */
const LEAD = 24

/**
 * A snippet with its matching words in <mark>; the text itself is never parsed as HTML.
 * The text before the first match is cut to its last few words: a row has room for a line,
 * and the match is what the person searched for (the Russian row at 1024 px showed
 * "…Бүгін та…" and no match at all).
 */
export function Highlighted({ text }: { text: string }): React.JSX.Element {
  const parts: React.ReactNode[] = []
  aroundFirstMatch(text)
    .split(END)
    .forEach((piece, i) => {
      const start = piece.indexOf(START)
      if (start < 0) {
        parts.push(piece)
        return
      }
      parts.push(piece.slice(0, start))
      parts.push(<mark key={i}>{piece.slice(start + 1)}</mark>)
    })
  return <>{parts}</>
}

/** `text` from a word boundary at most LEAD characters before its first match, marked "…". */
export function aroundFirstMatch(text: string): string {
  const first = text.indexOf(START)
  if (first <= LEAD) return text
  const lead = text.slice(first - LEAD, first)
  const space = lead.search(/\s/)
  return `…${space < 0 ? lead : lead.slice(space + 1)}${text.slice(first)}`
}
