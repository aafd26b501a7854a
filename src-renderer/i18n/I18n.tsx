import { createContext, useContext } from 'react'
import { createLocalFormat } from '../../src-main/common/i18n/LocalFormat'
import type { LocalFormat } from '../../src-main/common/i18n/LocalFormat'
import { translate } from './translate'
import type { Locale, MessageKey, MessageParams } from './translate'

export type Translate = (key: MessageKey, params?: MessageParams) => string

export interface I18n {
  locale: Locale
  t: Translate
  /** every date, time, span and number, in this language and the computer's zone */
  f: LocalFormat
}

/** `timeZone` only for tests; the page uses the computer's. */
export function i18nFor(locale: Locale, timeZone?: string): I18n {
  const t: Translate = (key, params) => translate(locale, key, params)
  return { locale, t, f: createLocalFormat(locale, t, timeZone) }
}

export const I18nContext = createContext<I18n>(i18nFor('en'))

/** The page's language, its translate function and its formatter. */
export function useI18n(): I18n {
  return useContext(I18nContext)
}
