/** Lines of a textarea as a list, blank lines dropped: "one per line" fields. */
export function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

/** Comma- or line-separated tags, trimmed, without duplicates. */
export function tagsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((tag) => tag.trim())
        .filter((tag) => tag !== '')
    )
  ]
}
