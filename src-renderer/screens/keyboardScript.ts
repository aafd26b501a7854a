/** The alphabet a typed letter belongs to, as far as the unlock screen cares. */
export type KeyboardScript = 'cyrillic' | 'latin'

const CYRILLIC = /\p{Script=Cyrillic}/u
const LETTER = /\p{Script=Cyrillic}|\p{Script=Latin}/gu

/**
 * The script of the last letter in `typed` (one keystroke's text, or what was pasted), or
 * null when it holds no letter. Digits, spaces and punctuation are on every layout and say
 * nothing about which one is active.
 *
 * Only this one word is kept: the unlock screen never stores, logs or shows the characters
 * themselves, nor the script of the passphrase the vault was made with — that would put a fact
 * about the passphrase in plain files (see docs/UNLOCK.md).
 */
export function keyboardScript(typed: string): KeyboardScript | null {
  const last = typed.match(LETTER)?.at(-1)
  if (last === undefined) return null
  return CYRILLIC.test(last) ? 'cyrillic' : 'latin'
}
