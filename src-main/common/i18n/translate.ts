import en from '../../../resources/locales/en.json'
import kk from '../../../resources/locales/kk.json'
import ru from '../../../resources/locales/ru.json'
import { formatMessage } from './formatMessage'
import type { MessageParams } from './formatMessage'

export type { MessageParams }

/** The languages every user-facing string ships in. */
export const LOCALES = ['en', 'ru', 'kk'] as const
export type Locale = (typeof LOCALES)[number]

export type MessageKey = keyof typeof en

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

/** True when `key` names a message (for keys made from codes, such as `error.<code>`). */
export function isMessageKey(key: string): key is MessageKey {
  return key in catalogs.en
}

/**
 * Looks up `key` in `locale`, falling back to English, and formats it as an ICU message
 * (formatMessage): `{name}` placeholders and plurals in the language's own forms.
 */
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const inLocale = catalogs[locale][key]
  if (inLocale !== undefined) return formatMessage(locale, inLocale, params)
  return formatMessage('en', catalogs.en[key] ?? key, params)
}

/** The raw catalogs, for the test that every key exists in every language. */
export function catalogFor(locale: Locale): Readonly<Record<string, string>> {
  return catalogs[locale]
}
