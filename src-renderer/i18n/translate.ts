// The renderer's translation layer is common/i18n's: the same catalogs and the same ICU
// formatter as the CLI and verify.html. Only the language switch's list lives here.
import type { Locale } from '../../src-main/common/i18n/translate'

export { isMessageKey, pickLocale, translate } from '../../src-main/common/i18n/translate'
export type { Locale, MessageKey, MessageParams } from '../../src-main/common/i18n/translate'

/**
 * Each language is named in itself, the same in every locale, so a reader finds their own
 * language whatever the page is currently shown in.
 */
export const LANGUAGES: readonly { locale: Locale; name: string }[] = [
  { locale: 'en', name: 'English' },
  { locale: 'ru', name: 'Русский' },
  { locale: 'kk', name: 'Қазақша' }
]
