import type { Locale } from '../../common/i18n/translate'

/**
 * The sentence every verifier (README.txt, `dalel verify-bundle`, verify.html, report.pdf)
 * puts next to the key fingerprint, in each language (issue 12 item 9): one comparison,
 * worded the same wherever the lawyer reads it. Tests look for it with line breaks folded.
 */
export const COMPARE_FINGERPRINT: Readonly<Record<Locale, string>> = {
  en: 'Compare this with the fingerprint the journalist gave you',
  ru: 'Сравните его с отпечатком, который дал вам журналист',
  kk: 'Мұны журналист сізге берген кілт ізімен салыстырыңыз'
}
