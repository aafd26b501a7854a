import type { BackupProgressEvent } from '../../src-main/common/contract/DalelApi'

/**
 * The bytes of a long write done so far, as a bar (attach, export, backup: the service's
 * progress events, through useProgress). The words beside it — the percentage and the time
 * left — are the busy line's; the bar is what a glance reads. Nothing before the first event.
 */
export function ProgressBar({
  last,
  label
}: {
  last: BackupProgressEvent | null
  /** what is being counted, for a screen reader (the bar has no visible label of its own) */
  label: string
}): React.JSX.Element | null {
  if (last === null || last.bytesTotal === 0) return null
  return (
    <progress
      className="bytes"
      max={last.bytesTotal}
      value={Math.min(last.bytesDone, last.bytesTotal)}
      aria-label={label}
    />
  )
}
