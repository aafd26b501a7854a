import { useCallback, useEffect, useState } from 'react'
import type { CaptureProgressEvent } from '../src-main/common/contract/DalelApi'
import type { Result } from '../src-main/common/contract/Result'
import type { EntryView } from '../src-main/common/contract/VaultApi'
import type { ProgressRow } from './components/CaptureProgressList'
import type { DalelBridge } from './dalelBridge'
import type { Call } from './useCall'

export interface CaptureRun {
  rows: ProgressRow[]
  /** the views recorded, once the run has ended without failing */
  done: EntryView[] | null
  cancelled: boolean
  /**
   * the run recorded its entries or was stopped: the screen's other button then leads back
   * to the entries, for nothing is left to cancel
   */
  over: boolean
  /** starts a run over `urls` (known beforehand, or [] to learn them from the progress) */
  start: (urls: readonly string[], call: () => Promise<Result<EntryView[]>>) => Promise<void>
  /** asks the service to stop the run under way */
  cancel: () => Promise<void>
}

/**
 * A capture or recheck run as a screen follows it: the progress events of the service by
 * URL, what was recorded, and a Cancel that stops the service (not only the page's wait).
 */
export function useCaptureRun(bridge: DalelBridge, call: Call): CaptureRun {
  const [urls, setUrls] = useState<readonly string[]>([])
  const [progress, setProgress] = useState<ReadonlyMap<number, CaptureProgressEvent>>(new Map())
  const [done, setDone] = useState<EntryView[] | null>(null)
  const [cancelled, setCancelled] = useState(false)
  const { run } = call

  useEffect(
    () =>
      bridge.on('captureProgress', (event) => {
        setProgress((current) => new Map(current).set(event.index, event))
      }),
    [bridge]
  )

  const start = useCallback(
    async (list: readonly string[], capture: () => Promise<Result<EntryView[]>>) => {
      setUrls(list)
      setProgress(new Map())
      setDone(null)
      setCancelled(false)
      const views = await run(capture)
      if (views !== null) setDone(views)
    },
    [run]
  )

  const cancel = useCallback(async () => {
    setCancelled(true)
    await bridge.cancelCapture()
  }, [bridge])

  // A recheck learns its URLs from the progress: each event names its URL and the total.
  const total = Math.max(urls.length, ...[...progress.values()].map((e) => e.total))
  const rows: ProgressRow[] = Array.from({ length: total }, (_, i) => ({
    url: urls[i] ?? progress.get(i + 1)?.url ?? '…',
    event: progress.get(i + 1)
  }))
  return { rows, done, cancelled, over: done !== null || cancelled, start, cancel }
}
