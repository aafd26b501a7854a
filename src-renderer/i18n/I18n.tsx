import { createContext, useContext } from 'react'
import { translate } from './translate'
import type { Locale, MessageKey, MessageParams } from './translate'

export type Translate = (key: MessageKey, params?: MessageParams) => string

export interface I18n {
  locale: Locale
  t: Translate
}

export function i18nFor(locale: Locale): I18n {
  return { locale, t: (key, params) => translate(locale, key, params) }
}

export const I18nContext = createContext<I18n>(i18nFor('en'))

/** The page's language and its translate function. */
export function useI18n(): I18n {
  return useContext(I18nContext)
}
