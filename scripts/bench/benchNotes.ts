// The 1 KB notes the benchmark's vaults are built of: Russian, Kazakh and English words, all
// different, the same in every run.
import type { EntryDraft } from '../../src-main/common/entry/Entry'

const WORDS = (
  'обыск задержание полиция журналист редакция адвокат протокол свидетель изъятие ноутбук ' +
  'телефон допрос угроза блокировка сайт аккаунт следователь постановление суд статья ' +
  'тінту ұстау куәгер заңгер тергеуші редакция телефон сот бап қауіп бұғаттау ' +
  'search detention lawyer warrant officer camera laptop seized statement court hearing ' +
  'threat takedown DDoS Almaty Astana Shymkent newsroom editor source document evidence'
).split(' ')

/** A deterministic xorshift32, so every run records the same words. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    return x
  }
}
const nextWord = rng(0x5eed)
const word = (): string => WORDS[nextWord() % WORDS.length] ?? ''

/** A note whose body is `bytes` of UTF-8, numbered n. */
export function noteDraft(n: number, bytes = 1024): EntryDraft {
  let body = `Note ${n}. `
  for (;;) {
    const next = `${body}${word()} `
    if (Buffer.byteLength(next) > bytes) break
    body = next
  }
  while (Buffer.byteLength(body) < bytes) body += '.'
  return { kind: 'note', title: `${word()} ${word()} ${n}`, payload: { body } }
}
