import { useCallback, useEffect, useRef, useState } from 'react'
import type { Result } from '../src-main/common/contract/Result'
import { errorText } from './errorText'
import { useI18n } from './i18n/I18n'

export interface Call {
  /** true while a call is under way: forms disable their buttons */
  busy: boolean
  /** the last failure, translated; null after a success */
  error: string | null
  setError: (error: string | null) => void
  /** Runs one bridge call; its value, or null after showing why it failed. */
  run: <T>(call: () => Promise<Result<T>>) => Promise<T | null>
}

/** One bridge call at a time for a screen, with its failure in the page's language. */
export function useCall(): Call {
  const { t } = useI18n()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // Read at the time of the failure, so `run` stays the same function across a language
  // switch and screens that load in an effect do not load again.
  const translate = useRef(t)
  useEffect(() => {
    translate.current = t
  }, [t])
  const run = useCallback(async <T>(call: () => Promise<Result<T>>): Promise<T | null> => {
    setBusy(true)
    setError(null)
    try {
      const result = await call()
      if (result.ok) return result.value
      setError(errorText(translate.current, result.error))
      return null
    } catch {
      // The bridge itself failed (the main process went away): nothing the page can fix.
      setError(translate.current('error.internal'))
      return null
    } finally {
      setBusy(false)
    }
  }, [])
  return { busy, error, setError, run }
}
