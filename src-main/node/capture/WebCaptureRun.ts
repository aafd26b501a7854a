import type { EntryView, TimestampOutcome } from '../../common/contract/VaultApi'
import type { WebCapturePayload } from '../../common/entry/Entry'
import { DalelError } from '../../common/errors/DalelError'
import type { CaptureBrowser } from '../ports/CdpTransport'

/** How a face asks for captures: the browser it composed, and how it wants to hear back. */
export interface WebCaptureRun {
  browser: CaptureBrowser
  /** Dalel's version, recorded in every capture */
  toolVersion: string
  /** how long one page may take to load; 30 s unless given */
  timeoutMs?: number
  /**
   * Aborting it stops the run: the page loading is closed (its load abandoned in the
   * browser), nothing more is recorded, and the run fails with `capture-cancelled`. Entries
   * recorded before stay; a page whose capture was under way is never recorded half-read.
   */
  signal?: AbortSignal
  /** entries every capture of this run is about (seq, id or id prefix; `--about`) */
  about?: readonly string[]
  /** called when each URL's page is open and about to load, in order */
  onStarted?: (progress: { index: number; total: number; url: string }) => void
  /** called after each URL is recorded, in order */
  onRecorded?: (progress: WebCaptureProgress) => void
  /** called when the vault's timestamping setting is on and the head was stamped (or tried) */
  onTimestamped?: (outcome: TimestampOutcome) => void
}

export interface WebCaptureProgress {
  /** 1-based */
  index: number
  total: number
  url: string
  view: EntryView
  payload: WebCapturePayload
  /** wall-clock seconds this URL took, capture and encryption */
  seconds: number
}

export const DEFAULT_CAPTURE_TIMEOUT_MS = 30_000

/** Only http and https pages are captured: file:, data: or chrome: would read this machine. */
export function checkCaptureUrl(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new DalelError('invalid-input', { field: 'url' })
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new DalelError('invalid-input', { field: 'url' })
  return parsed.href
}

/** Throws `capture-cancelled` once the run's signal is aborted. */
export function throwIfCancelled(run: { signal?: AbortSignal }): void {
  if (run.signal?.aborted === true) throw new DalelError('capture-cancelled')
}
