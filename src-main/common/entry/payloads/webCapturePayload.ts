import type { Sha256Hex } from '../../encoding/brands'
import type { AttachmentRole, EntryRef, Linked } from '../Entry'

// A web capture (DESIGN "Web capture"): what the Berkeley Protocol asks a capture to record.

/**
 * How a capture ended. Anything but `captured` is a failed capture, which is recorded all the
 * same: a page that is gone, blocked or broken is evidence too.
 */
export const CAPTURE_OUTCOMES = [
  /** the page loaded and the server answered 1xx–3xx */
  'captured',
  /** the server answered, with a status of 400 or more (404, 410, 451…); the page is captured */
  'http-error',
  /** the host name does not resolve */
  'dns-error',
  /** the TLS handshake or the certificate failed; the certificates presented are recorded */
  'tls-error',
  /** refused, reset, closed or unreachable */
  'connection-error',
  /** no answer within the time limit */
  'timeout',
  /** any other failure the browser reported */
  'load-error',
  /** the page crashed its renderer (e.g. it exhausted memory); what was read before is kept */
  'page-crashed',
  /** the page stopped answering (a busy loop, a dialog loop, a DOM too large to read in
   *  time) until the capture's hard limit; what was read before is kept */
  'page-unresponsive'
] as const
export type CaptureOutcome = (typeof CAPTURE_OUTCOMES)[number]

/** What was not as it should be in a capture that still went through. */
export const CAPTURE_WARNINGS = [
  /** the load event had not fired by the time limit; what had arrived was captured */
  'load-timeout',
  /** the page is taller or wider than the capture limit; the screenshot is cut there */
  'page-truncated',
  /** scrolling to load lazy content stopped at its time budget */
  'lazy-load-budget',
  /** the payload's `text` is cut at its limit; the `text` attachment has all of it */
  'text-truncated',
  /** the document changed without a network request (about:blank, document.open) */
  'navigated-during-capture',
  /** the page changed while its files were read; `changedDuringCapture` names the files */
  'page-changed-during-capture'
] as const
export type CaptureWarning = (typeof CAPTURE_WARNINGS)[number]

/**
 * Signs of automation a captured page could read (see the capture README): measured in the
 * page for each capture, plus `devtools-attached`, which the engine cannot hide (a page can
 * tell that a DevTools session with the Runtime domain is attached).
 */
export const AUTOMATION_SIGNALS = [
  'navigator-webdriver',
  'no-client-hint-brands',
  'headless-user-agent',
  'window-smaller-than-viewport',
  'no-plugins',
  'no-languages',
  'no-chrome-object',
  'notifications-denied',
  'small-heap-limit',
  'devtools-attached'
] as const
export type AutomationSignal = (typeof AUTOMATION_SIGNALS)[number]

/**
 * What a recheck found, against the capture it names: the page is `unchanged`, `changed`
 * (text or screenshot), `restored` (it matches an earlier capture of the URL, named in
 * `restoredFrom`, after having been different), `unavailable` (the server or the network
 * failed: 5xx, timeout, refused, reset, DNS or TLS), or `gone` (the server says the content
 * is not there: 404, 410, 451 or another error page in its place). Entries recorded before
 * these five existed say `gone` for every failure.
 */
export const RECHECK_OUTCOMES = ['unchanged', 'changed', 'restored', 'unavailable', 'gone'] as const
export type RecheckOutcome = (typeof RECHECK_OUTCOMES)[number]

/**
 * How one URL led to the next: an HTTP 3xx, a `<meta http-equiv=refresh>`, a `Refresh:`
 * header, a script, a history.pushState within the same document, or anything else.
 */
export type RedirectKind =
  'http' | 'meta-refresh' | 'refresh-header' | 'script' | 'same-document' | 'other'

export interface WebRedirect {
  from: string
  to: string
  kind: RedirectKind
  /** the 3xx status, for `http` */
  status?: number
}

/** One header line as received; repeated headers stay separate, in order. */
export interface HttpHeader {
  name: string
  value: string
}

/** One X.509 certificate as the server presented it. */
export interface CapturedCertificate {
  /** OpenSSL one-line form, e.g. "CN=example.org, O=Example" */
  subject: string
  issuer: string
  /** hex, as OpenSSL prints it */
  serialNumber: string
  /** ISO 8601 UTC */
  notBefore: string
  notAfter: string
  /** e.g. "DNS:example.org, IP Address:192.0.2.1" */
  subjectAltName?: string
  /** SHA-256 of the DER bytes: `openssl x509 -noout -fingerprint -sha256`, lowercase, no colons */
  sha256: Sha256Hex
  pem: string
}

export interface CaptureTls {
  /** e.g. "TLS 1.3" */
  protocol?: string
  /** e.g. "AES_256_GCM" */
  cipher?: string
  /** e.g. "X25519" */
  keyExchange?: string
  /** leaf first, as presented */
  certificates: CapturedCertificate[]
  /**
   * `browser`: the chain Chromium validated the page with; `handshake`: a separate TLS
   * handshake Dalel made to the same host and port, when the browser gave none (TLS errors).
   */
  certificatesFrom: 'browser' | 'handshake'
  /** why the leaf does not match the host name, when it does not (from the handshake) */
  hostnameMismatch?: string
}

/** What a recheck compared and found; the entry it names is the earlier capture of the URL. */
export interface RecheckResult {
  of: EntryRef
  outcome: RecheckOutcome
  previousOutcome: CaptureOutcome
  /** the visible text differs (whitespace runs ignored); absent when either capture has none */
  textChanged?: boolean
  /** the full-page screenshot differs in size or in any pixel; absent when either has none */
  screenshotChanged?: boolean
  /** for `restored`: the earlier capture whose text and screenshot the page matches again */
  restoredFrom?: EntryRef
}

/**
 * A web capture (DESIGN "Web capture"): what the Berkeley Protocol asks to be recorded about
 * how a page was collected. The page itself is in the attachments (full-page and viewport
 * PNG, MHTML, DOM, visible text, HAR, certificate chain).
 */
export interface WebCapturePayload extends Linked {
  requestedUrl: string
  /** the document's URL when it was captured, after every redirect */
  finalUrl?: string
  outcome: CaptureOutcome
  /** the browser's error (e.g. "net::ERR_NAME_NOT_RESOLVED"), or what timed out */
  reason?: string
  /** every hop from requestedUrl to finalUrl, in order */
  redirects: WebRedirect[]
  /** of the final document */
  status?: number
  statusText?: string
  /** e.g. "HTTP/1.1", "h2" */
  httpVersion?: string
  responseHeaders?: HttpHeader[]
  serverIp?: string
  serverPort?: number
  tls?: CaptureTls
  /** the document's title */
  title?: string
  /** UTC ISO 8601, from the clock of the machine that captured */
  startedAt: string
  endedAt: string
  userAgent: string
  /** CSS pixels */
  viewport: { width: number; height: number; deviceScaleFactor: number }
  /** the full page as screenshotted, CSS pixels */
  page?: { width: number; height: number }
  /** e.g. { name: "Chromium", version: "156.0.8078.79", protocol: "1.3" } */
  browser: { name: string; version: string; revision?: string; protocol?: string }
  tool: { name: string; version: string }
  /** the time the page was given to load, milliseconds (absent in captures before it was kept) */
  timeoutMs?: number
  /** who ran the capture: the vault's author */
  operator: string
  /** how many requests the HAR attachment lists */
  requestCount: number
  /** windows the page tried to open; none was opened */
  popupsBlocked?: string[]
  /** navigations the page started after it had settled; they were stopped, the page kept */
  navigationsBlocked?: string[]
  warnings?: CaptureWarning[]
  /**
   * The files that may show another state of the page than the others: its DOM or text
   * changed while they were read, although the page's scripts were stopped.
   */
  changedDuringCapture?: AttachmentRole[]
  /** the automation signals the page could read while it was captured */
  automationSignals?: AutomationSignal[]
  /**
   * The visible text, for search; at most 100 000 characters (the `text` attachment has all
   * of it).
   */
  text?: string
  recheck?: RecheckResult
}
