import { foldForSearch } from './foldForSearch'

/** The marks put around a matching word in a snippet: characters no text contains. */
export const MATCH_START = '\u0002'
export const MATCH_END = '\u0003'

/** A word as the full-text index's unicode61 tokenizer sees it: letters, digits and their marks. */
const TOKEN = /[\p{L}\p{N}\p{M}]+/gu

/** Latin letters with accents (Latin-1 to Latin Extended Additional), or any combining mark. */
const LATIN_ACCENTS = /[\u00c0-\u024f\u1e00-\u1eff]|\p{M}/u

/**
 * A word folded as the index folds it, so that what matched can be found again: ё as е
 * (foldForSearch), letter case, and the accents of Latin letters (unicode61 keeps Cyrillic
 * й as it is).
 */
function fold(word: string): string {
  const folded = foldForSearch(word).toLowerCase()
  // Most words have no accent to take off: the normalising passes only for those that may.
  return LATIN_ACCENTS.test(folded)
    ? folded
        .normalize('NFD')
        .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
        .normalize('NFC')
    : folded
}

interface Fragment {
  text: string
  /** distinct typed words the fragment shows */
  score: number
}

/**
 * @param hitsOf which typed words (their indexes) a word of the text starts with, folded
 *   once per distinct word of the call
 */
function bestFragment(
  text: string,
  words: readonly string[],
  size: number,
  hitsOf: (word: string) => readonly number[]
): Fragment {
  const tokens = [...text.matchAll(TOKEN)]
  // Found as needed: a page of snippets folded every word of every entry before, most of a
  // search's time in the service once the query itself was fast.
  const hitCache: (readonly number[] | undefined)[] = []
  const hits = (p: number): readonly number[] => (hitCache[p] ??= hitsOf(tokens[p]?.[0] ?? ''))
  let best = { start: 0, score: 0 }
  // A later fragment must show more typed words to be chosen, so none can once one shows all.
  for (let p = 0; p < tokens.length && best.score < words.length; p++) {
    if (hits(p).length === 0) continue
    // The match near the middle of the fragment, unless the text ends sooner.
    const start = Math.max(0, Math.min(p - Math.floor(size / 2), tokens.length - size))
    const shown = new Set<number>()
    for (let q = start; q < Math.min(start + size, tokens.length); q++)
      for (const hit of hits(q)) shown.add(hit)
    if (shown.size > best.score) best = { start, score: shown.size }
  }
  const end = Math.min(best.start + size, tokens.length)
  const first = tokens[best.start]
  const last = tokens[end - 1]
  if (first === undefined || last === undefined) return { text: '', score: 0 }
  // From the start of the text when the fragment starts at its first word, to its end when it
  // ends at its last: punctuation around the text stays.
  let out = best.start > 0 ? '…' : ''
  let at = best.start > 0 ? first.index : 0
  for (let q = best.start; q < end; q++) {
    const token = tokens[q]
    if (token === undefined) break
    out += text.slice(at, token.index)
    out += hits(q).length > 0 ? `${MATCH_START}${token[0]}${MATCH_END}` : token[0]
    at = token.index + token[0].length
  }
  const cut = end < tokens.length
  return { text: out + (cut ? '…' : text.slice(at)), score: best.score }
}

/**
 * The part of an entry's searchable text that shows why it matched: `size` words around the
 * typed words (each a prefix, as search takes them), marked with MATCH_START and MATCH_END,
 * "…" where text was cut — what SQLite's snippet() gives, worked out from the page's own
 * rows and quoting the entry as written (the index holds it folded): snippet() ran the whole
 * full-text query again, which cost as much as the search.
 * @param columns the texts searched, in order (title, body, fields)
 */
export function searchSnippet(columns: readonly string[], typed: string, size = 12): string {
  const words = (typed.normalize('NFC').match(TOKEN) ?? []).map(fold)
  const folded = new Map<string, readonly number[]>()
  const hitsOf = (word: string): readonly number[] => {
    let hits = folded.get(word)
    if (hits === undefined) {
      const form = fold(word)
      hits = words.flatMap((typedWord, i) => (form.startsWith(typedWord) ? [i] : []))
      folded.set(word, hits)
    }
    return hits
  }
  let best: Fragment = { text: '', score: -1 }
  for (const column of columns) {
    // A later column must show more typed words to be chosen.
    if (best.score >= words.length) break
    if (column === '') continue
    const fragment = bestFragment(column, words, size, hitsOf)
    if (fragment.score > best.score) best = fragment
  }
  return best.text
}
