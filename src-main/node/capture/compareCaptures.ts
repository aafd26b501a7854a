import type { CaptureOutcome, EntryRef, RecheckResult } from '../../common/entry/Entry'
import { fromUtf8 } from '../../common/encoding/bytes'
import type { PageCapture } from './capturePage'
import { decodePng } from './png'

/** What a recheck compares of one capture: its outcome, its text and its full-page PNG. */
export interface ComparableCapture {
  outcome: CaptureOutcome
  text?: string
  screenshot?: Uint8Array
}

/** Whitespace runs count as one space: reflowed text is the same text. */
function normalise(text: string): string {
  return text.replace(/\s+/gu, ' ').trim()
}

/** Same size and every pixel equal; PNG bytes may differ between Chromium versions. */
export function samePixels(a: Uint8Array, b: Uint8Array): boolean {
  // Buffer.compare reads the views in place; Buffer.from(view) would copy a full-page
  // screenshot's pixels (hundreds of MB for a tall page) just to compare them.
  if (Buffer.compare(a, b) === 0) return true
  const left = decodePng(a)
  const right = decodePng(b)
  return (
    left.width === right.width &&
    left.height === right.height &&
    left.channels === right.channels &&
    Buffer.compare(left.pixels, right.pixels) === 0
  )
}

/**
 * The takedown log's verdict on a URL captured again: `gone` when the new capture failed
 * (not found, blocked, unreachable), `changed` when it loads but its text or screenshot
 * differs — or when it loads again after having been gone — and `unchanged` otherwise.
 */
export function compareCaptures(
  previous: ComparableCapture & { ref: EntryRef },
  next: ComparableCapture
): RecheckResult {
  const base = { of: previous.ref, previousOutcome: previous.outcome }
  if (next.outcome !== 'captured') return { ...base, outcome: 'gone' }
  const textChanged =
    previous.text !== undefined && next.text !== undefined
      ? normalise(previous.text) !== normalise(next.text)
      : undefined
  const screenshotChanged =
    previous.screenshot !== undefined && next.screenshot !== undefined
      ? !samePixels(previous.screenshot, next.screenshot)
      : undefined
  const changed =
    previous.outcome !== 'captured' || textChanged === true || screenshotChanged === true
  return {
    ...base,
    outcome: changed ? 'changed' : 'unchanged',
    ...(textChanged !== undefined ? { textChanged } : {}),
    ...(screenshotChanged !== undefined ? { screenshotChanged } : {})
  }
}

/** What a recheck compares of a capture just made. */
export function comparableOf(capture: PageCapture): ComparableCapture {
  const text = capture.files.find((f) => f.role === 'text')
  const screenshot = capture.files.find((f) => f.role === 'screenshot-full')
  return {
    outcome: capture.payload.outcome,
    ...(text !== undefined ? { text: fromUtf8(text.bytes) } : {}),
    ...(screenshot !== undefined ? { screenshot: screenshot.bytes } : {})
  }
}
