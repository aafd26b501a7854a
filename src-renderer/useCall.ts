import { useCallback, useState } from 'react'
import type { Result } from '../src-main/common/contract/Result'
import { errorText } from './errorText'
import type { ErrorInfo } from './errorText'
import { useI18n } from './i18n/I18n'
import type { MessageKey, MessageParams } from './i18n/translate'

/**
 * A failure as the page keeps it: what went wrong, not the sentence, so that it is written
 * again in the new language when the language changes.
 */
export type Failure =
  { from: 'service'; error: ErrorInfo } | { from: 'page'; key: MessageKey; params?: MessageParams }

export interface Call {
  /** true while a call is under way: forms disable their buttons */
  busy: boolean
  /** the last failure in the page's current language; null after a success */
  error: string | null
  /** a failure the page found itself (a missing field); null clears it */
  setError: (key: MessageKey | null, params?: MessageParams) => void
  /** Runs one bridge call; its value, or null after showing why it failed. */
  run: <T>(call: () => Promise<Result<T>>) => Promise<T | null>
}

/** One bridge call at a time for a screen, with its failure in the page's language. */
export function useCall(): Call {
  const { t } = useI18n()
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<Failure | null>(null)
  const setError = useCallback((key: MessageKey | null, params?: MessageParams) => {
    setFailure(key === null ? null : { from: 'page', key, ...(params ? { params } : {}) })
  }, [])
  // `run` stays the same function across a language switch, so screens that load in an
  // effect do not load again; the failure is translated when shown.
  const run = useCallback(async <T>(call: () => Promise<Result<T>>): Promise<T | null> => {
    setBusy(true)
    setFailure(null)
    try {
      const result = await call()
      if (result.ok) return result.value
      setFailure({ from: 'service', error: result.error })
      return null
    } catch {
      // The bridge itself failed (the main process went away): nothing the page can fix.
      setFailure({ from: 'page', key: 'error.internal' })
      return null
    } finally {
      setBusy(false)
    }
  }, [])
  return { busy, error: failureText(t, failure), setError, run }
}

export function failureText(
  t: (key: MessageKey, params?: MessageParams) => string,
  failure: Failure | null
): string | null {
  if (failure === null) return null
  return failure.from === 'service' ? errorText(t, failure.error) : t(failure.key, failure.params)
}
