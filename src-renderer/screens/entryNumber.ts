import type { Locale } from '../i18n/translate'

/** An entry's number as each language writes it (GLOSSARY): "#3" in English, "№3" in ru and kk. */
export function entryNumber(locale: Locale, seq: number): string {
  return locale === 'en' ? `#${seq}` : `№${seq}`
}
