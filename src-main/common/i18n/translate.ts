import en from '../../../resources/locales/en.json'
import kk from '../../../resources/locales/kk.json'
import ru from '../../../resources/locales/ru.json'

/** The languages every user-facing string ships in. */
export const LOCALES = ['en', 'ru', 'kk'] as const
export type Locale = (typeof LOCALES)[number]

export type MessageKey = keyof typeof en
export type MessageParams = Readonly<Record<string, string | number>>

const catalogs: Record<Locale, Record<string, string>> = { en, ru, kk }

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value)
}

/**
 * Picks the locale from a POSIX-style tag such as `ru_KZ.UTF-8` or a BCP 47 tag such as
 * `kk-KZ`; anything unknown falls back to English.
 */
export function pickLocale(tag: string | undefined): Locale {
  const language = (tag ?? '').toLowerCase().split(/[-_.@]/)[0] ?? ''
  return isLocale(language) ? language : 'en'
}

/** Looks up `key` in `locale`, falling back to English, and fills `{name}` placeholders. */
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = catalogs[locale][key] ?? catalogs.en[key] ?? key
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    return value === undefined ? whole : String(value)
  })
}

/** The raw catalogs, for the test that every key exists in every language. */
export function catalogFor(locale: Locale): Readonly<Record<string, string>> {
  return catalogs[locale]
}
