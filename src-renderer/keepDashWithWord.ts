/**
 * `text` with a no-break space before each spaced dash (—, –, or a hyphen typed as one), so a
 * heading that wraps never starts a line with the dash: balanced headings broke "Обыск в
 * редакции — Редакцияда тінту" into "Обыск в редакции / — Редакцияда тінту". Russian and
 * Kazakh typography keep the dash at the end of the line; the text reads the same.
 */
export function keepDashWithWord(text: string): string {
  return text.replace(/[ \t]+([—–]|-(?=\s))/g, '\u00a0$1')
}
