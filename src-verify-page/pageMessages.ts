import type { MessageKey } from '../src-main/common/i18n/translate'

/** The page's languages, in the order its switch shows them. */
export const PAGE_LOCALES = ['kk', 'ru', 'en'] as const
export type PageLocale = (typeof PAGE_LOCALES)[number]

// verify.html cannot load resources/locales/*.json (it is one file, opened from disk under a
// CSP that forbids fetching), so scripts/build-verify-page.mjs copies the keys the page uses
// (its PAGE_KEY_PREFIXES) from those same files into this constant.
declare const __VERIFY_PAGE_MESSAGES__:
  Readonly<Record<PageLocale, Readonly<Record<string, string>>>> | undefined

const catalogs: Readonly<Record<PageLocale, Readonly<Record<string, string>>>> =
  typeof __VERIFY_PAGE_MESSAGES__ === 'undefined'
    ? { kk: {}, ru: {}, en: {} }
    : __VERIFY_PAGE_MESSAGES__

/** The browser's preferred language if the page has it, English otherwise. */
export function pickPageLocale(languages: readonly string[]): PageLocale {
  for (const tag of languages) {
    const language = tag.toLowerCase().split(/[-_]/)[0]
    const match = PAGE_LOCALES.find((l) => l === language)
    if (match !== undefined) return match
  }
  return 'en'
}

/** Like common/i18n translate: falls back to English, then to the key; fills `{name}`. */
export function pageTranslate(
  locale: PageLocale,
  key: MessageKey,
  params: Readonly<Record<string, string | number>> = {}
): string {
  const template = catalogs[locale][key] ?? catalogs.en[key] ?? key
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    return value === undefined ? whole : String(value)
  })
}

/** True when the key is in the page's catalog (a problem code new since the build is not). */
export function hasPageMessage(key: string): boolean {
  return key in catalogs.en
}
