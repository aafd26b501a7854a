import { formatMessage } from '../src-main/common/i18n/formatMessage'
import type { MessageParams } from '../src-main/common/i18n/formatMessage'
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

/** Like common/i18n translate, over the page's copy of the catalogs: falls back to English,
 * then to the key, and formats through the same ICU formatter. */
export function pageTranslate(
  locale: PageLocale,
  key: MessageKey,
  params: MessageParams = {}
): string {
  const inLocale = catalogs[locale][key]
  if (inLocale !== undefined) return formatMessage(locale, inLocale, params)
  return formatMessage('en', catalogs.en[key] ?? key, params)
}

/** True when the key is in the page's catalog (a problem code new since the build is not). */
export function hasPageMessage(key: string): boolean {
  return key in catalogs.en
}
