import type {
  AttachmentRole,
  AutomationSignal,
  CaptureWarning,
  HttpHeader,
  WebCapturePayload
} from '../../common/entry/Entry'
import type { CdpTransport } from '../ports/CdpTransport'
import { buildHar, headerList, httpVersion } from './buildHar'
import type { Har } from './buildHar'
import type { CdpResponse } from './cdpTypes'
import type { CapturedFile } from './capturedFiles'
import type { CaptureDeps, CaptureOptions } from './capturePage'
import type { ChangeSignal } from './ChangeSignal'
import type { GuardedTransport } from './guardTransport'
import type { NavigationTracker } from './NavigationTracker'
import type { NetworkLog } from './NetworkLog'

// One capture while it runs (capturePage makes it, recordDocument or recordFailure ends it):
// its deadlines, what it has gathered, and what every kind of ending records alike.

/**
 * The hard limit of one capture is `timeoutMs` (the load) plus this: the settle window
 * (at most 5 s), the scroll, the late requests and the reads all end by then, and a page that
 * has not answered by then is recorded as unresponsive with what was gathered.
 */
export const CAPTURE_GRACE_MS = 10_000
/** What the reads after the scroll are given at least, out of the grace: ms. */
export const READ_RESERVE_MS = 3000
/** ms for the direct TLS handshake that reads a chain the browser did not give. */
export const HANDSHAKE_TIMEOUT_MS = 10_000
/** characters of visible text kept in the payload for search; the text file has all */
export const PAYLOAD_TEXT_LIMIT = 100_000

/** The settle window after the load event, ms: also how long the network is watched after it. */
export function quietMsOf(options: CaptureOptions): number {
  return options.quietMs ?? 150
}

/** ms of the grace left for settling work before the reads' reserve; never below 0. */
export function budgetLeft(s: Session): number {
  return Math.max(0, s.hardDeadline - READ_RESERVE_MS - performance.now())
}

/** The facts every capture records, whatever its outcome. */
export type CommonFacts = Pick<
  WebCapturePayload,
  | 'requestedUrl'
  | 'startedAt'
  | 'userAgent'
  | 'viewport'
  | 'browser'
  | 'tool'
  | 'timeoutMs'
  | 'operator'
>

/** One capture while it runs: the page, what listens to it, and what it has learnt. */
export interface Session {
  transport: CdpTransport
  options: CaptureOptions
  deps: CaptureDeps
  nav: NavigationTracker
  net: NetworkLog
  signal: ChangeSignal
  navigationsBlocked: string[]
  facts: CommonFacts
  /** performance.now() by which the capture is over, whatever the page does */
  hardDeadline: number
  guard: GuardedTransport
  /** what the capture has read so far, recorded even when the page is lost */
  gathered: Gathered
}

/** The parts of a capture read so far. */
export interface Gathered {
  files: CapturedFile[]
  warnings: CaptureWarning[]
  title?: string
  text?: string
  page?: { width: number; height: number }
  automationSignals?: AutomationSignal[]
}

/** The attachments of a capture, in the order the entry lists them. */
export const FILE_ORDER: readonly AttachmentRole[] = [
  'screenshot-full',
  'screenshot-viewport',
  'mhtml',
  'dom',
  'text'
]

/** The files in FILE_ORDER: the order the entry lists them. */
export function inFileOrder(files: readonly CapturedFile[]): CapturedFile[] {
  return [...files].sort((a, b) => FILE_ORDER.indexOf(a.role) - FILE_ORDER.indexOf(b.role))
}

/** The HAR of every request the capture saw, named after the page. */
export function harOf(s: Session, title: string): Har {
  const current = s.nav.current
  return buildHar(
    s.net.records,
    {
      title,
      ...(current?.domContentLoaded !== undefined
        ? { domContentLoaded: current.domContentLoaded }
        : {}),
      ...(current?.load !== undefined ? { load: current.load } : {})
    },
    {
      tool: s.options.tool,
      browser: { name: s.facts.browser.name, version: s.facts.browser.version }
    }
  )
}

/** What the main document's response says: status, HTTP version and headers. */
export function responseFacts(response: CdpResponse): {
  status: number
  statusText?: string
  httpVersion?: string
  responseHeaders: HttpHeader[]
} {
  const version = httpVersion(response.protocol)
  return {
    status: response.status,
    ...(response.statusText !== '' ? { statusText: response.statusText } : {}),
    ...(version !== '' ? { httpVersion: version } : {}),
    responseHeaders: headerList(response.headers)
  }
}
