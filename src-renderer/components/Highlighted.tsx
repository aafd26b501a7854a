/** The marks the service puts around matching words in a snippet (timelinePage.ts). */
const START = '\u0002'
const END = '\u0003'

/** A snippet with its matching words in <mark>; the text itself is never parsed as HTML. */
export function Highlighted({ text }: { text: string }): React.JSX.Element {
  const parts: React.ReactNode[] = []
  text.split(END).forEach((piece, i) => {
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
