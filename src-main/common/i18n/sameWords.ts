/**
 * Whether a stored word (`web-capture`, `ddos`) and its name in the reader's language ("web
 * capture", "DDoS") say the same thing: letter case, spaces, hyphens and underscores aside
 * (`handover`, "hand-over"). Then the word is said once, not "search (search)", as it would
 * read in English everywhere a word is shown beside its name.
 */
export function sameWords(word: string, name: string): boolean {
  const plain = (text: string) => text.toLowerCase().replace(/[-_\s]+/g, '')
  return plain(word) === plain(name)
}
