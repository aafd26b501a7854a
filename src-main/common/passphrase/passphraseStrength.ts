/** The fewest characters the app accepts for a new passphrase. */
export const MIN_PASSPHRASE_LENGTH = 8

export type PassphraseStrength = 'too-short' | 'weak' | 'fair' | 'strong'

/**
 * A rough strength for the hint under the passphrase field: the bits of a random string of
 * the same length and alphabets, less for repeated characters; four or more words of three
 * letters or more count as strong (a diceware-style phrase). A hint only: what protects the
 * vault is Argon2id, and what the journalist can remember.
 */
export function passphraseStrength(passphrase: string): PassphraseStrength {
  // Code points: a Kazakh letter counts as one character, as a person counts it.
  const chars = Array.from(passphrase)
  if (chars.length < MIN_PASSPHRASE_LENGTH) return 'too-short'
  const words = passphrase.split(/\s+/).filter((word) => Array.from(word).length >= 3)
  if (new Set(words.map((word) => word.toLowerCase())).size >= 4) return 'strong'
  let pool = 0
  if (/[a-z]/.test(passphrase)) pool += 26
  if (/[A-Z]/.test(passphrase)) pool += 26
  if (/[0-9]/.test(passphrase)) pool += 10
  if (/[^\p{L}\p{N}]/u.test(passphrase)) pool += 33
  // Cyrillic (Russian and Kazakh) and any other script.
  if (/[^\p{ASCII}]/u.test(passphrase) && /\p{L}/u.test(passphrase.replace(/[A-Za-z]/g, '')))
    pool += 42
  const distinct = new Set(chars).size
  const variety = Math.min(1, distinct / (chars.length * 0.6))
  const bits = chars.length * Math.log2(Math.max(pool, 2)) * variety
  if (bits < 45) return 'weak'
  if (bits < 80) return 'fair'
  return 'strong'
}
