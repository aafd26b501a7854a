import { useEffect, useState } from 'react'
import type { Result } from '../src-main/common/contract/Result'
import { useCall } from './useCall'

/**
 * What a part of a screen reads when it opens: one bridge call, made again when `load`
 * changes (wrap it in useCallback with what it reads), its value or the failure in the page's
 * language. An answer that arrives after the part has gone, or after `load` changed, is dropped.
 */
export function useLoad<T>(load: () => Promise<Result<T>>): {
  value: T | null
  error: string | null
} {
  const { run, error } = useCall()
  const [value, setValue] = useState<T | null>(null)
  useEffect(() => {
    let current = true
    const read = async () => {
      const found = await run(load)
      if (current && found !== null) setValue(found)
    }
    void read()
    return () => {
      current = false
    }
  }, [run, load])
  return { value, error }
}
