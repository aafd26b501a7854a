import type { Sha256Hex } from '../encoding/brands'

export const ENTRY_KINDS = [
  'note',
  'incident',
  'web-capture',
  'file',
  'amendment',
  'withdrawal',
  'custody',
  'anchor',
  'probe',
  'watch'
] as const
export type EntryKind = (typeof ENTRY_KINDS)[number]

export const INCIDENT_TYPES = [
  'search',
  'detention',
  'interrogation',
  'threat',
  'physical-attack',
  'account-takedown',
  'content-removal',
  'ddos',
  'website-block',
  'legal-action',
  'other'
] as const
export type IncidentType = (typeof INCIDENT_TYPES)[number]

export const ATTACHMENT_ROLES = [
  'original',
  'screenshot-full',
  'screenshot-viewport',
  'mhtml',
  'dom',
  'text',
  'har',
  'certificate',
  'receipt'
] as const
export type AttachmentRole = (typeof ATTACHMENT_ROLES)[number]

export interface Attachment {
  sha256: Sha256Hex
  /** bytes */
  size: number
  mediaType: string
  name: string
  role: AttachmentRole
  /** pixels, images only */
  width?: number
  height?: number
}

export interface Official {
  name?: string
  /** rank or position, as shown or stated */
  position?: string
  /** the unit, department or agency */
  unit?: string
}

/** Someone present at an incident, and in what role (searched, attesting witness, lawyer…). */
export interface PersonPresent {
  name?: string
  /** as the person was named or acted, e.g. "понятой", "адвокат", "следователь" */
  role?: string
}

export interface NotePayload {
  body?: string
  tags?: string[]
}

export interface IncidentPayload {
  type: IncidentType
  body?: string
  place?: string
  /** the case, order or warrant number, as written on the document */
  caseNumber?: string
  /** when it ended (a search lasts hours); ISO 8601, as stated by the user */
  endedAt?: string
  /** who was present, each with their role */
  peoplePresent?: PersonPresent[]
  /** names only, as recorded before roles were asked for */
  peopleInvolved?: string[]
  officials?: Official[]
  /** the warrant, ruling or article of law shown, in the words of the document */
  legalBasisShown?: string
  itemsSeized?: string[]
  lawyersAdmitted?: string[]
  lawyersRefused?: string[]
  witnesses?: string[]
  tags?: string[]
}

export interface FilePayload {
  body?: string
}

/** Points at an earlier entry by both its seq and its id, so neither can be confused. */
export interface EntryRef {
  seq: number
  id: string
}

/** Every field an amendment may correct; which ones apply depends on the target's kind. */
export type AmendmentChanges = { title?: string; occurredAt?: string } & Partial<IncidentPayload>

export interface AmendmentPayload {
  target: EntryRef
  reason: string
  /**
   * The corrected values, by field key (ENTRY_FIELDS): the title, the time it occurred, and
   * any amendable payload field of the target's kind. Absent fields are unchanged.
   */
  changes: AmendmentChanges
}

export interface WithdrawalPayload {
  target: EntryRef
  reason: string
}

/**
 * `backup` is recorded before the copy, so the backup holds it (DESIGN "Backups");
 * `backup-failed` follows it, naming it in `about`, when the copy then failed.
 */
export const CUSTODY_ACTIONS = ['export', 'backup', 'backup-failed', 'restore', 'handover'] as const
export type CustodyAction = (typeof CUSTODY_ACTIONS)[number]

/** Why a backup failed, as a `backup-failed` custody entry records it (translated on display). */
export const BACKUP_FAILURES = ['drive-error', 'disk-full', 'other'] as const
export type BackupFailure = (typeof BACKUP_FAILURES)[number]

export interface CustodyPayload {
  action: CustodyAction
  /** for `backup-failed` */
  failure?: BackupFailure
  /** related entries; for `backup-failed`, the `backup` entry it follows */
  about?: EntryRef[]
  recipient?: string
  purpose?: string
  /** SHA-256 of what left the vault (a bundle), when there is one file */
  sha256?: Sha256Hex
  entries?: number[]
  body?: string
}

/** One RFC 3161 token an authority sent for an anchor's head statement. */
export interface AnchorToken {
  /** the URL the request went to */
  authority: string
  /** the TimeStampResp exactly as received, DER, base64 */
  response: string
  /** the token's genTime, ISO 8601 UTC */
  genTime: string
  /** the token's serial number, hex */
  serial: string
  /** the authority's policy OID */
  policy: string
  /** the signer certificate's subject, e.g. "CN=DigiCert SHA256 RSA4096 Timestamp Responder" */
  signer: string
  /** the certificates the authority sent, signer first, PEM */
  certificates: string[]
}

/**
 * An anchor (DESIGN "Trusted time"): RFC 3161 tokens over the head statement of `covered`,
 * which vouch that entries 1…covered.seq existed no later than each token's genTime. It is
 * appended after the head it covers.
 */
export interface TimestampAnchorPayload {
  action: 'timestamp'
  covered: { seq: number; chain: Sha256Hex }
  tokens: AnchorToken[]
}

/**
 * The vault's timestamping setting, recorded as an entry so that the CLI and the app read the
 * same choice, a backup carries it, and a reader of the chain sees when it changed.
 */
export interface TimestampingSettingPayload {
  action: 'setting'
  enabled: boolean
  /** the authorities asked, in order; empty means Dalel's defaults */
  authorities: string[]
  /** extra CAs the user trusts for tokens, PEM */
  trustedCas: string[]
}

export type AnchorPayload = TimestampAnchorPayload | TimestampingSettingPayload

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
export interface WebCapturePayload {
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

/**
 * How one availability measurement of a URL ended, in the order it was measured: the name
 * did not resolve, no connection (refused, reset, no answer in time), the TLS handshake or
 * the certificate failed, the server answered with a status of 400 or more, or all went
 * through (`ok`, any status below 400; redirects are not followed).
 */
export const PROBE_OUTCOMES = [
  'ok',
  'http-error',
  'timeout',
  'refused',
  'reset',
  'dns-error',
  'tls-error'
] as const
export type ProbeOutcome = (typeof PROBE_OUTCOMES)[number]

/** How a TCP connection attempt to one address ended. */
export const CONNECT_RESULTS = [
  'ok',
  'refused',
  'timeout',
  'reset',
  'unreachable',
  'error'
] as const
export type ConnectResult = (typeof CONNECT_RESULTS)[number]

export interface ProbeDns {
  host: string
  /** the host is an IP address: nothing was resolved */
  literal: boolean
  /** in the order the system resolver gave them */
  addresses: { address: string; family: 4 | 6 }[]
  /** the resolver's error code, e.g. ENOTFOUND, EAI_AGAIN */
  error?: string
  /** milliseconds */
  ms: number
}

export interface ProbeConnect {
  address: string
  port: number
  result: ConnectResult
  /** the system's error code, e.g. ECONNREFUSED */
  error?: string
  /** milliseconds until connected or failed */
  ms: number
}

export interface ProbeCertificate {
  subject: string
  issuer: string
  notBefore: string
  notAfter: string
  /** SHA-256 of the DER bytes, lowercase hex */
  sha256: Sha256Hex
}

export interface ProbeTls {
  /** the server name sent (SNI); absent for an IP address, which TLS does not send */
  serverName?: string
  /** e.g. "TLSv1.3" */
  protocol?: string
  cipher?: string
  /**
   * Leaf first: what the server presented, and, when the chain verified, the trusted root
   * that completed it (as Node's TLS reports the peer chain).
   */
  certificates: ProbeCertificate[]
  /** SHA-256 of those certificates' DER bytes concatenated, leaf first */
  chainSha256?: Sha256Hex
  /** whether the chain verified and named the host */
  authorized: boolean
  /** why not, in OpenSSL's words (e.g. DEPTH_ZERO_SELF_SIGNED_CERT), or the handshake's error */
  error?: string
  /** milliseconds */
  ms: number
}

export interface ProbeHttp {
  status: number
  statusText?: string
  /** e.g. "1.1" */
  httpVersion: string
  headers: HttpHeader[]
  /** how many bytes of the body were read, at most `bodyLimit` */
  bodyBytes: number
  /** SHA-256 of those bytes */
  bodySha256: Sha256Hex
  /** the body went on past the bytes read */
  bodyTruncated: boolean
  bodyLimit: number
  /** milliseconds from sending the request to the response's status line */
  ttfbMs: number
}

/** Where the measurement was made from: this computer's network, as it saw itself. */
export interface ProbeVantage {
  /** every address of every interface (os.networkInterfaces) */
  interfaces: { name: string; address: string; family: 4 | 6; internal: boolean }[]
  /** the DNS servers Node's resolver uses (dns.getServers) */
  resolvers: string[]
  platform: string
}

/**
 * One availability measurement of one URL from this computer (DESIGN "Entries"): DNS, a TCP
 * connection to every address, the TLS handshake, one HTTP GET, and how it ended. It proves
 * what this computer saw at that moment, not what anyone else saw.
 */
export interface ProbePayload {
  url: string
  outcome: ProbeOutcome
  /** for http-error (and ok): the status */
  status?: number
  /** the error code behind a failed outcome, e.g. ENOTFOUND, ECONNRESET, CERT_HAS_EXPIRED */
  reason?: string
  /** UTC ISO 8601, from this computer's clock */
  startedAt: string
  endedAt: string
  /** the time limit of the whole measurement, milliseconds */
  timeoutMs: number
  dns: ProbeDns
  connects: ProbeConnect[]
  tls?: ProbeTls
  http?: ProbeHttp
  vantage: ProbeVantage
  tool: { name: string; version: string }
  operator: string
}

/** One address on the watch list, probed every `everySeconds` while the vault is unlocked. */
export interface WatchedUrl {
  url: string
  everySeconds: number
}

/**
 * The watch list after one change (docs/FORMATS.md "The watch list"): the newest `watch`
 * entry that is not withdrawn is the list the app probes. `change` and `url` say what this
 * entry changed, so the chain reads as a log of when watching began and ended.
 */
export interface WatchPayload {
  change: 'add' | 'remove'
  url: string
  /** the whole list after the change, in the order the addresses were added */
  watched: WatchedUrl[]
}

export interface EntryPayloads {
  note: NotePayload
  incident: IncidentPayload
  'web-capture': WebCapturePayload
  file: FilePayload
  amendment: AmendmentPayload
  withdrawal: WithdrawalPayload
  custody: CustodyPayload
  anchor: AnchorPayload
  probe: ProbePayload
  watch: WatchPayload
}

/**
 * One record in the vault, exactly as it is committed to by the chain (DESIGN "Entries and
 * the chain"). The salt is not part of it.
 */
export interface EntryOf<K extends EntryKind> {
  seq: number
  /** UUIDv7 */
  id: string
  kind: K
  /** UTC ISO 8601 with milliseconds, from the clock at recording */
  recordedAt: string
  /** as stated by the user; ISO 8601 */
  occurredAt?: string
  author: string
  title: string
  payload: EntryPayloads[K]
  attachments: Attachment[]
}

export type Entry = { [K in EntryKind]: EntryOf<K> }[EntryKind]

/** What a face hands to the vault: everything but what the vault assigns. */
export type EntryDraft = {
  [K in EntryKind]: Omit<EntryOf<K>, 'seq' | 'id' | 'recordedAt' | 'author' | 'attachments'>
}[EntryKind]
