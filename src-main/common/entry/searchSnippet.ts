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

function bestFragment(text: string, words: readonly string[], size: number): Fragment {
  const tokens = [...text.matchAll(TOKEN)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    hits: words.flatMap((word, i) => (fold(m[0]).startsWith(word) ? [i] : []))
  }))
  let best = { start: 0, score: 0 }
  tokens.forEach((token, p) => {
    if (token.hits.length === 0) return
    // The match near the middle of the fragment, unless the text ends sooner.
    const start = Math.max(0, Math.min(p - Math.floor(size / 2), tokens.length - size))
    const shown = new Set(tokens.slice(start, start + size).flatMap((t) => t.hits))
    if (shown.size > best.score) best = { start, score: shown.size }
  })
  const shown = tokens.slice(best.start, best.start + size)
  const first = shown[0]
  const last = shown.at(-1)
  if (first === undefined || last === undefined) return { text: '', score: 0 }
  // From the start of the text when the fragment starts at its first word, to its end when it
  // ends at its last: punctuation around the text stays.
  let out = best.start > 0 ? '…' : ''
  let at = best.start > 0 ? first.start : 0
  for (const token of shown) {
    out += text.slice(at, token.start)
    const word = text.slice(token.start, token.end)
    out += token.hits.length > 0 ? `${MATCH_START}${word}${MATCH_END}` : word
    at = token.end
  }
  const cut = best.start + size < tokens.length
  return { text: out + (cut ? '…' : text.slice(last.end)), score: best.score }
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
  let best: Fragment = { text: '', score: -1 }
  for (const column of columns) {
    if (column === '') continue
    const fragment = bestFragment(column, words, size)
    if (fragment.score > best.score) best = fragment
  }
  return best.text
}
