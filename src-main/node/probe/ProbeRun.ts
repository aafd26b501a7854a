import type { EntryView } from '../../common/contract/VaultApi'
import type { ProbeOutcome, ProbePayload } from '../../common/entry/Entry'
import type { CaptureBrowser } from '../ports/CdpTransport'

/** How a face asks for availability probes, and how it wants to hear back. */
export interface ProbeRun {
  /** Dalel's version, recorded in every probe */
  toolVersion: string
  /** one probe's time limit; 15 s unless given */
  timeoutMs?: number
  /** entries every probe of this series is about (seq, id or id prefix; `--about`) */
  about?: readonly string[]
  /** start a round this often (ms, from the start of the previous one); one round if absent */
  everyMs?: number
  /** how many rounds; with `everyMs` and no count, until `signal` aborts */
  count?: number
  /** ends the series after the round under way is recorded */
  signal?: AbortSignal
  /**
   * Aborted when the vault is locking: a probe under way is then dropped instead of
   * recorded (its vault may be gone, or another one open), and no further probe starts.
   */
  cancel?: AbortSignal
  /** extra trusted roots (PEM), for tests with their own PKI */
  ca?: readonly string[]
  /**
   * When a URL's outcome differs from its previous probe's, capture the page in full with a
   * browser from here (started for that capture and closed after it).
   */
  captureOnChange?: { openBrowser: () => Promise<CaptureBrowser>; timeoutMs?: number }
  /** called after each probe is recorded (durably), in order */
  onRecorded?: (progress: ProbeProgress) => void
}

export interface ProbeProgress {
  /** 1-based */
  round: number
  index: number
  total: number
  url: string
  view: EntryView
  payload: ProbePayload
  /** the previous probe's outcome of this URL (and its status), when it differed from this one */
  changedFrom?: { outcome: ProbeOutcome; status?: number }
  /** the capture made because the outcome changed */
  capture?: EntryView
}
