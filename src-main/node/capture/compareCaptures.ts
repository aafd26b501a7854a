import type { CaptureOutcome, EntryRef, RecheckResult } from '../../common/entry/Entry'
import { captureAvailability } from '../../common/availability/captureAvailability'
import { fromUtf8 } from '../../common/encoding/bytes'
import type { PageCapture } from './capturePage'
import { samePixels } from '../media/png'

/** What a recheck compares of one capture: its outcome, its text and its full-page PNG. */
export interface ComparableCapture {
  outcome: CaptureOutcome
  /** the final document's HTTP status, which tells `gone` (404) from `unavailable` (503) */
  status?: number
  text?: string
  screenshot?: Uint8Array
}

/**
 * An earlier capture of the same URL, read from the vault only as far as needed: most
 * candidates differ in their text, so their screenshots are never decrypted or decoded.
 */
export interface EarlierCapture {
  ref: EntryRef
  outcome: CaptureOutcome
  text: () => Promise<string | undefined>
  screenshot: () => Promise<Uint8Array | undefined>
}

/** Whitespace runs count as one space: reflowed text is the same text. */
function normalise(text: string): string {
  return text.replace(/\s+/gu, ' ').trim()
}

/** Text (whitespace runs ignored) and screenshot pixels, each compared where both have one. */
function differences(
  a: { text?: string | undefined; screenshot?: Uint8Array | undefined },
  b: { text?: string | undefined; screenshot?: Uint8Array | undefined }
): { textChanged?: boolean; screenshotChanged?: boolean } {
  const textChanged =
    a.text !== undefined && b.text !== undefined
      ? normalise(a.text) !== normalise(b.text)
      : undefined
  const screenshotChanged =
    a.screenshot !== undefined && b.screenshot !== undefined
      ? !samePixels(a.screenshot, b.screenshot)
      : undefined
  return {
    ...(textChanged !== undefined ? { textChanged } : {}),
    ...(screenshotChanged !== undefined ? { screenshotChanged } : {})
  }
}

/**
 * The earlier capture (newest first) that `next` matches in text and screenshot, if any.
 * A match needs at least one of the two compared and neither differing; the text is read
 * first, so a candidate whose text differs costs no screenshot.
 */
async function findMatch(
  next: ComparableCapture,
  earlier: readonly EarlierCapture[]
): Promise<EntryRef | undefined> {
  for (const candidate of earlier) {
    if (candidate.outcome !== 'captured') continue
    const text = await candidate.text()
    if (text !== undefined && next.text !== undefined && normalise(text) !== normalise(next.text))
      continue
    const screenshot = await candidate.screenshot()
    const diff = differences({ text, screenshot }, next)
    const compared = diff.textChanged !== undefined || diff.screenshotChanged !== undefined
    if (compared && diff.textChanged !== true && diff.screenshotChanged !== true)
      return candidate.ref
  }
  return undefined
}

/**
 * The takedown log's verdict on a URL captured again, against the capture it names
 * (`previous`). A failed capture is `unavailable` or `gone` by what failed (see
 * captureAvailability). A page that loads is `unchanged` when its text and screenshot are
 * those of `previous`; otherwise `restored` when they are those of an earlier capture in
 * `earlier` (newest first, older than `previous`) — the page was put back — and `changed`
 * when they match none.
 */
export async function compareCaptures(
  previous: ComparableCapture & { ref: EntryRef },
  next: ComparableCapture,
  earlier: readonly EarlierCapture[] = []
): Promise<RecheckResult> {
  const base = { of: previous.ref, previousOutcome: previous.outcome }
  const availability = captureAvailability(next.outcome, next.status)
  if (availability !== 'up') return { ...base, outcome: availability }
  const diff = differences(previous, next)
  const same =
    previous.outcome === 'captured' && diff.textChanged !== true && diff.screenshotChanged !== true
  if (same) return { ...base, outcome: 'unchanged', ...diff }
  const restoredFrom = await findMatch(next, earlier)
  return {
    ...base,
    outcome: restoredFrom !== undefined ? 'restored' : 'changed',
    ...diff,
    ...(restoredFrom !== undefined ? { restoredFrom } : {})
  }
}

/** What a recheck compares of a capture just made. */
export function comparableOf(capture: PageCapture): ComparableCapture {
  const text = capture.files.find((f) => f.role === 'text')
  const screenshot = capture.files.find((f) => f.role === 'screenshot-full')
  return {
    outcome: capture.payload.outcome,
    ...(capture.payload.status !== undefined ? { status: capture.payload.status } : {}),
    ...(text !== undefined ? { text: fromUtf8(text.bytes) } : {}),
    ...(screenshot !== undefined ? { screenshot: screenshot.bytes } : {})
  }
}
