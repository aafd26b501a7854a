// The renderer's translation layer. The renderer may import src-main/common as types only
// (DESIGN "Layout"), so it reads the same catalogs from resources/locales itself and offers
// the same `translate(locale, key, params)` as src-main/common/i18n/translate.ts.
import en from '../../resources/locales/en.json'
import kk from '../../resources/locales/kk.json'
import ru from '../../resources/locales/ru.json'
import type { Locale, MessageKey, MessageParams } from '../../src-main/common/i18n/translate'

export type { Locale, MessageKey, MessageParams }

const catalogs: Record<Locale, Record<string, string>> = { en, ru, kk }

/**
 * Each language is named in itself, the same in every locale, so a reader finds their own
 * language whatever the page is currently shown in.
 */
export const LANGUAGES: readonly { locale: Locale; name: string }[] = [
  { locale: 'en', name: 'English' },
  { locale: 'ru', name: 'Русский' },
  { locale: 'kk', name: 'Қазақша' }
]

function isLocale(value: string): value is Locale {
  return LANGUAGES.some((language) => language.locale === value)
}

/** Picks the locale from a BCP 47 tag such as `navigator.language`; English otherwise. */
export function pickLocale(tag: string | undefined): Locale {
  const language = (tag ?? '').toLowerCase().split(/[-_.@]/)[0] ?? ''
  return isLocale(language) ? language : 'en'
}

/** True when `key` names a message (for keys made from codes, such as `error.<code>`). */
export function isMessageKey(key: string): key is MessageKey {
  return key in catalogs.en
}

/** Looks up `key` in `locale`, falling back to English, and fills `{name}` placeholders. */
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = catalogs[locale][key] ?? catalogs.en[key] ?? key
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    return value === undefined ? whole : String(value)
  })
}
