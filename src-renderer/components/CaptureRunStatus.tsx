import type { CaptureRun } from '../useCaptureRun'
import { CaptureProgressList } from './CaptureProgressList'
import { RunUnderWay } from './RunUnderWay'

export interface CaptureRunStatusProps {
  run: CaptureRun
  busy: boolean
  /** what is under way, in words (capturing, rechecking) */
  busyText: string
  /** how many were recorded once the run has ended, in words */
  doneText: (count: number) => string
  onOpen: (seq: number) => void
}

/**
 * Under a capture or recheck form: a line per page as the service reports it, what is under
 * way with the Cancel that stops it, and how many entries the run recorded.
 */
export function CaptureRunStatus(props: CaptureRunStatusProps): React.JSX.Element {
  const { run, busy } = props
  return (
    <>
      <CaptureProgressList
        rows={run.rows}
        busy={busy}
        cancelled={run.cancelled}
        onOpen={props.onOpen}
      />
      <RunUnderWay
        busy={busy}
        cancelled={run.cancelled}
        busyText={props.busyText}
        onCancel={() => void run.cancel()}
      />
      {run.done !== null && (
        <p className="notice success" role="status">
          {props.doneText(run.done.length)}
        </p>
      )}
    </>
  )
}
