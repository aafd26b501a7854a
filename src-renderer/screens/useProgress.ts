import { useCallback, useEffect, useState } from 'react'
import type { BackupProgressEvent } from '../../src-main/common/contract/DalelApi'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import type { MessageKey } from '../i18n/translate'

export interface Progress {
  /** the last event heard, null before the first */
  last: BackupProgressEvent | null
  /** forget the last run's progress before a new one */
  reset: () => void
  /**
   * What is under way in words: `starting` until the first event, then `running` with
   * {percent, done, total, left} (left: the time left, "estimating…" until it can be
   * estimated, "" once done).
   */
  text: (starting: MessageKey, running: MessageKey) => string
}

/** The progress events of a long write (a bundle, a backup, attachments), in the page's language. */
export function useProgress(
  bridge: DalelBridge,
  event: 'exportProgress' | 'backupProgress' | 'attachProgress'
): Progress {
  const { t, f } = useI18n()
  const [last, setLast] = useState<BackupProgressEvent | null>(null)
  useEffect(() => bridge.on(event, setLast), [bridge, event])
  const reset = useCallback(() => {
    setLast(null)
  }, [])
  const text = (starting: MessageKey, running: MessageKey): string => {
    if (last === null || last.bytesTotal === 0) return t(starting)
    return t(running, {
      percent: f.number(Math.min(100, Math.floor((last.bytesDone / last.bytesTotal) * 100))),
      done: f.bytes(last.bytesDone),
      total: f.bytes(last.bytesTotal),
      // Until a second of progress gives a rate, say so: a fast export said nothing at all.
      left:
        last.secondsLeft === null
          ? t('ui.progress.estimating')
          : last.secondsLeft === 0
            ? ''
            : t('ui.progress.left', { time: f.duration(last.secondsLeft) })
    })
  }
  return { last, reset, text }
}
