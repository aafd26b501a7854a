import type { Translate } from './i18n/I18n'
import { isMessageKey } from './i18n/translate'

/** A failure as the contract answers it: a stable code, its params, and a message. */
export interface ErrorInfo {
  code: string
  params: Readonly<Record<string, string | number>>
  message: string
}

/**
 * The failure in the page's language (STYLE habit 7): `error.<code>` from the catalogs,
 * with a field named in words where the page has a name for it; the message the core translated
 * only for a code this page does not know.
 */
export function errorText(t: Translate, error: ErrorInfo): string {
  const key = `error.${error.code}`
  if (!isMessageKey(key)) return error.message
  const params = { ...error.params }
  if (error.code === 'invalid-input' && typeof params.field === 'string') {
    const fieldKey = `ui.field.${params.field.split('.')[0] ?? ''}`
    if (isMessageKey(fieldKey)) params.field = t(fieldKey)
  }
  return t(key, params)
}
