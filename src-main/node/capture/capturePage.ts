import type { Clock } from '../../common/crypto/EvidenceCrypto'
import { utf8 } from '../../common/encoding/bytes'
import type {
  AttachmentRole,
  AutomationSignal,
  CaptureOutcome,
  CaptureWarning,
  HttpHeader,
  WebCapturePayload
} from '../../common/entry/Entry'
import { buildHar, headerList, httpVersion } from './buildHar'
import type { Har } from './buildHar'
import type { CdpTransport } from '../ports/CdpTransport'
import { call, onEvent } from './cdpTypes'
import type { CdpResponse, CdpResults } from './cdpTypes'
import { capturedFile, networkFiles } from './capturedFiles'
import type { CapturedFile } from './capturedFiles'
import { captureTls } from './captureTls'
import type { Handshake } from './captureTls'
import { handshakeCertificates } from './certificates'
import { ChangeSignal, sleep } from './ChangeSignal'
import { classifyNetError } from './classifyNetError'
import { FAST_PNG, fullPageScreenshot } from './fullPageScreenshot'
import { guardTransport } from './guardTransport'
import type { GuardedTransport } from './guardTransport'
import { NavigationTracker } from './NavigationTracker'
import { NetworkLog } from './NetworkLog'
import { AUTOMATION_SIGNALS_SCRIPT, PAGE_INFO_SCRIPT, scrollThroughScript } from './pageScripts'
import { PageLostError } from './PageLostError'
import type { PageInfo, ScrollResult } from './pageScripts'
import { navigate, settlePage, waitForLateRequests } from './settlePage'
import { userAgentMetadata } from './userAgentMetadata'
import type { Settled } from './settlePage'

export type { CapturedFile } from './capturedFiles'

export interface CaptureOptions {
  /** how long the page may take to load, redirects included, in milliseconds */
  timeoutMs: number
  /** who runs the capture (recorded) */
  operator: string
  tool: { name: string; version: string }
  /** CSS pixels; 1280 × 800 unless given */
  viewport?: { width: number; height: number }
  /** the network must be idle this long (ms) after load before the page counts as settled */
  quietMs?: number
  /** …or this long after the load event (ms) when it had been idle since before it */
  idleQuietMs?: number
  /** the longest wait for that quiet after a load, ms */
  settleMaxMs?: number
  /** the longest time spent scrolling for lazy content, ms */
  lazyBudgetMs?: number
  /** pages are captured down to this many CSS pixels at most */
  maxPageHeight?: number
  /**
   * ms after `timeoutMs` by which the capture ends whatever the page does (CAPTURE_GRACE_MS
   * unless given): settling, scrolling and reading share it.
   */
  graceMs?: number
}

export interface CaptureDeps {
  clock: Clock
  /** the direct TLS handshake; tests may replace it */
  handshake?: Handshake
}

export interface PageCapture {
  payload: WebCapturePayload
  files: CapturedFile[]
}

const DEFAULT_VIEWPORT = { width: 1280, height: 800 }
/** CSS px of tabs and toolbar above the page in Chrome on Linux (launchChromium's --window-size). */
const WINDOW_CHROME_HEIGHT = 87
/**
 * The hard limit of one capture is `timeoutMs` (the load) plus this: the settle window
 * (at most 5 s), the scroll, the late requests and the reads all end by then, and a page that
 * has not answered by then is recorded as unresponsive with what was gathered.
 */
export const CAPTURE_GRACE_MS = 10_000
/** What the reads after the scroll are given at least, out of the grace: ms. */
const READ_RESERVE_MS = 3000
const MAX_PAGE_WIDTH = 16384
const HANDSHAKE_TIMEOUT_MS = 10_000
/** characters of visible text kept in the payload for search; the text file has all */
export const PAYLOAD_TEXT_LIMIT = 100_000

/** The settle window after the load event, ms: also how long the network is watched after it. */
function quietMsOf(options: CaptureOptions): number {
  return options.quietMs ?? 150
}

/** The facts every capture records, whatever its outcome. */
type CommonFacts = Pick<
  WebCapturePayload,
  'requestedUrl' | 'startedAt' | 'userAgent' | 'viewport' | 'browser' | 'tool' | 'operator'
>

/** One capture while it runs: the page, what listens to it, and what it has learnt. */
interface Session {
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
interface Gathered {
  files: CapturedFile[]
  warnings: CaptureWarning[]
  title?: string
  text?: string
  page?: { width: number; height: number }
  automationSignals?: AutomationSignal[]
}

/**
 * Captures one URL in the page behind `transport`, which must be fresh (about:blank) and is
 * left to the caller to close. Every outcome is a result, failures included; only a broken
 * transport throws.
 *
 * The page is followed through its redirects until it has loaded and its network has been
 * quiet for a moment. From then on it is frozen (further main-frame navigations are stopped
 * and recorded), scrolled through for lazy content, and captured: the viewport screenshot,
 * the archive, the DOM and the text together, then the full-page screenshot, so that all of
 * them show the same document.
 */
export async function capturePage(
  transport: CdpTransport,
  requestedUrl: string,
  options: CaptureOptions,
  deps: CaptureDeps
): Promise<PageCapture> {
  const startedAt = deps.clock.now().toISOString()
  const begin = performance.now()
  const hardDeadline = begin + options.timeoutMs + (options.graceMs ?? CAPTURE_GRACE_MS)
  // Every command from here on ends by the hard deadline or when the renderer dies.
  const guard = guardTransport(transport, hardDeadline)
  const page = guard.transport
  const signal = new ChangeSignal()
  const notify = () => {
    signal.notify()
  }
  const nav = new NavigationTracker(page, notify)
  const net = new NetworkLog(page, notify)
  const navigationsBlocked = stopNavigationsOnceFrozen(page, nav)
  dismissDialogs(page)
  const viewport = options.viewport ?? DEFAULT_VIEWPORT
  try {
    const { version, userAgent, mainFrameId } = await prepare(page, viewport)
    nav.mainFrameId = mainFrameId
    const session: Session = {
      transport: page,
      options,
      deps,
      nav,
      net,
      signal,
      navigationsBlocked,
      hardDeadline,
      guard,
      gathered: { files: [], warnings: [] },
      facts: {
        requestedUrl,
        startedAt,
        userAgent,
        viewport: { ...viewport, deviceScaleFactor: 1 },
        browser: {
          name: 'Chromium',
          version: version.product.replace(/^(Headless)?Chrome\//, ''),
          ...(version.revision !== '' ? { revision: version.revision } : {}),
          ...(version.protocolVersion !== '' ? { protocol: version.protocolVersion } : {})
        },
        tool: options.tool,
        operator: options.operator
      }
    }
    const navigating = navigate(page, requestedUrl, nav)
    try {
      const settled = await Promise.race([
        settlePage(nav, net, signal, begin + options.timeoutMs, {
          quietMs: quietMsOf(options),
          idleQuietMs: options.idleQuietMs ?? 50,
          settleMaxMs: options.settleMaxMs ?? 5000
        }),
        guard.lost
      ])
      // A load that timed out after the document arrived is still captured, with a warning.
      const noDocument = settled === 'failed' || nav.current?.response === undefined
      const result =
        settled !== 'loaded' && noDocument
          ? await recordFailure(session, settled)
          : await recordDocument(session, settled)
      await Promise.race([navigating, sleep(100)])
      return result
    } catch (error) {
      if (!(error instanceof PageLostError)) throw error
      return recordLost(session, error)
    }
  } finally {
    guard.dispose()
  }
}

/**
 * A JavaScript dialog (alert, confirm, prompt, beforeunload) blocks the page's main thread
 * until answered, and a page can open them in a loop: each is dismissed at once. (Playwright
 * dismisses them too; the second answer fails harmlessly.)
 */
function dismissDialogs(transport: CdpTransport): void {
  transport.on('Page.javascriptDialogOpening', () => {
    void transport.send('Page.handleJavaScriptDialog', { accept: false }).catch(() => undefined)
  })
}

/**
 * Domains on, cache off, the viewport and user agent set, downloads refused; the main frame's
 * id. One round of independent commands (the session runs them in the order sent), then the
 * user agent, which needs the browser's own.
 */
async function prepare(
  transport: CdpTransport,
  viewport: { width: number; height: number }
): Promise<{ version: CdpResults['Browser.getVersion']; userAgent: string; mainFrameId: string }> {
  const [version, tree] = await Promise.all([
    call(transport, 'Browser.getVersion'),
    call(transport, 'Page.getFrameTree'),
    // For Inspector.targetCrashed and Inspector.detached (guardTransport listens).
    transport.send('Inspector.enable'),
    transport.send('Page.enable'),
    transport.send('Network.enable'),
    transport.send('Page.setLifecycleEventsEnabled', { enabled: true }),
    transport.send('Network.setCacheDisabled', { cacheDisabled: true }),
    transport.send('Emulation.setDeviceMetricsOverride', {
      ...viewport,
      deviceScaleFactor: 1,
      mobile: false,
      // A reader's screen, larger than the window (headless reports 800 × 600).
      screenWidth: Math.max(1920, viewport.width),
      screenHeight: Math.max(1080, viewport.height + WINDOW_CHROME_HEIGHT)
    }),
    // A download would land on the disk in plaintext.
    transport.send('Page.setDownloadBehavior', { behavior: 'deny' }).catch(() => undefined)
  ])
  // Sites turn "HeadlessChrome" away; the page should see what a reader's browser gets.
  const userAgent = version.userAgent.replace('HeadlessChrome/', 'Chrome/')
  const fullVersion = version.product.replace(/^(Headless)?Chrome\//, '')
  await transport.send('Emulation.setUserAgentOverride', {
    userAgent,
    userAgentMetadata: userAgentMetadata(userAgent, fullVersion, process.arch)
  })
  return { version, userAgent, mainFrameId: tree.frameTree.frame.id }
}

/**
 * Once Fetch is enabled (at the freeze), every main-frame navigation the page starts is
 * answered "204 No Content", which browsers treat as "stay where you are", and recorded.
 * (Failing the request instead would put Chromium's error page in the page's place.)
 */
function stopNavigationsOnceFrozen(transport: CdpTransport, nav: NavigationTracker): string[] {
  const blocked: string[] = []
  onEvent(transport, 'Fetch.requestPaused', (e) => {
    const stop = e.resourceType === 'Document' && e.frameId === nav.mainFrameId
    if (stop) blocked.push(e.request.url)
    // A page closed meanwhile makes this fail; then there is nothing left to stop.
    void transport
      .send(
        stop ? 'Fetch.fulfillRequest' : 'Fetch.continueRequest',
        stop
          ? { requestId: e.requestId, responseCode: 204, responseHeaders: [], body: '' }
          : { requestId: e.requestId }
      )
      .catch(() => undefined)
  })
  return blocked
}

function harOf(s: Session, title: string): Har {
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

/** No document came: DNS, TLS, refused, timed out. The HAR and, for TLS, the certificates. */
async function recordFailure(s: Session, settled: Settled): Promise<PageCapture> {
  // Read before stopping: stopping turns a request still waiting into net::ERR_ABORTED.
  const errorText = settled === 'failed' ? s.nav.failure : undefined
  await s.transport.send('Page.stopLoading').catch(() => undefined)
  const outcome: CaptureOutcome = errorText === undefined ? 'timeout' : classifyNetError(errorText)
  const tls =
    outcome === 'tls-error'
      ? await captureTls(s.transport, s.nav.current?.url ?? s.facts.requestedUrl, undefined, {
          timeoutMs: HANDSHAKE_TIMEOUT_MS,
          handshake: s.deps.handshake ?? handshakeCertificates
        })
      : undefined
  const har = harOf(s, s.facts.requestedUrl)
  const payload: WebCapturePayload = {
    ...s.facts,
    outcome,
    reason: errorText ?? `no response within ${Math.round(s.options.timeoutMs / 1000)} s`,
    redirects: s.nav.redirects,
    ...(tls !== undefined ? { tls } : {}),
    endedAt: s.deps.clock.now().toISOString(),
    requestCount: har.log.entries.length,
    ...(s.nav.popups.length > 0 ? { popupsBlocked: s.nav.popups } : {})
  }
  return { payload, files: networkFiles(har, tls?.certificates ?? []) }
}

/** ms of the grace left for settling work before the reads' reserve; never below 0. */
function budgetLeft(s: Session): number {
  return Math.max(0, s.hardDeadline - READ_RESERVE_MS - performance.now())
}

/** The attachments of a capture, in the order the entry lists them. */
const FILE_ORDER: readonly AttachmentRole[] = [
  'screenshot-full',
  'screenshot-viewport',
  'mhtml',
  'dom',
  'text'
]

function inFileOrder(files: readonly CapturedFile[]): CapturedFile[] {
  return [...files].sort((a, b) => FILE_ORDER.indexOf(a.role) - FILE_ORDER.indexOf(b.role))
}

/** A document is in place: freeze it, bring in lazy content, and capture every view of it. */
async function recordDocument(s: Session, settled: Settled): Promise<PageCapture> {
  const { transport, nav, net, options, gathered } = s
  const warnings = gathered.warnings
  const startedAtSettle = net.started
  await transport.send('Fetch.enable', {
    patterns: [{ urlPattern: '*', resourceType: 'Document', requestStage: 'Request' }]
  })
  nav.freeze()
  if (settled !== 'loaded') {
    warnings.push('load-timeout')
    await transport.send('Page.stopLoading').catch(() => undefined)
  }
  const evaluate = await isolatedWorld(transport, nav.mainFrameId)
  const signals = await evaluate<AutomationSignal[]>(AUTOMATION_SIGNALS_SCRIPT)
  // The engine's own DevTools session is always there for a page to notice.
  const automationSignals: AutomationSignal[] = [...signals, 'devtools-attached']
  gathered.automationSignals = automationSignals

  const maxHeight = options.maxPageHeight ?? 60_000
  const scroll = await evaluate<ScrollResult>(
    scrollThroughScript(maxHeight, Math.min(options.lazyBudgetMs ?? 10_000, budgetLeft(s)))
  )
  if (scroll.stopped) warnings.push('lazy-load-budget')
  const loadSeenAt = nav.current?.loadSeenAt
  await waitForLateRequests(net, s.signal, startedAtSettle, {
    watchUntil:
      settled === 'loaded' && loadSeenAt !== undefined ? loadSeenAt + quietMsOf(options) : 0,
    quietMs: 200,
    maxMs: Math.min(3000, budgetLeft(s))
  })
  await freezeScripts(transport)

  // Frozen, scrolled back to the top, the network quiet, the page's scripts stopped: these
  // five only read the page, so they run together and all show this one state of the
  // document. Each file is kept as it arrives, so a page lost meanwhile keeps what was read.
  const keep = (file: CapturedFile): void => {
    gathered.files.push(file)
  }
  const [, metrics, , dom, info] = await Promise.all([
    (async () => {
      const shot = await call(transport, 'Page.captureScreenshot', { format: 'png', ...FAST_PNG })
      const png = Buffer.from(shot.data, 'base64')
      keep(capturedFile(png, 'screenshot-viewport.png', 'screenshot-viewport', 'image/png'))
    })(),
    call(transport, 'Page.getLayoutMetrics'),
    (async () => {
      const mhtml = await call(transport, 'Page.captureSnapshot', { format: 'mhtml' })
      keep(capturedFile(utf8(mhtml.data), 'page.mhtml', 'mhtml', 'multipart/related'))
    })(),
    (async () => {
      const html = await serializeDom(transport)
      keep(capturedFile(utf8(html), 'dom.html', 'dom', 'text/html'))
      return html
    })(),
    (async () => {
      const read = await evaluate<PageInfo>(PAGE_INFO_SCRIPT)
      keep(capturedFile(utf8(read.text), 'text.txt', 'text', 'text/plain'))
      gathered.title = read.title
      gathered.text = read.text
      return read
    })()
  ])
  const fullWidth = Math.ceil(metrics.cssContentSize.width)
  const fullHeight = Math.ceil(metrics.cssContentSize.height)
  const page = {
    width: Math.max(1, Math.min(fullWidth, MAX_PAGE_WIDTH)),
    height: Math.max(1, Math.min(fullHeight, maxHeight))
  }
  gathered.page = page
  if (page.width < fullWidth || page.height < fullHeight) warnings.push('page-truncated')
  const afterReads = await pageState(transport, evaluate)

  const response = nav.current?.response
  const finalUrl = nav.committedUrl ?? info.url
  const serverIp = response?.remoteIPAddress?.replace(/^\[|\]$/g, '') || undefined
  // A page that fits the viewport is shot without drawing beyond it: nothing is resized.
  const viewport = s.facts.viewport
  const fits = page.width <= viewport.width && page.height <= viewport.height
  // The certificate chain is the browser's record of the connection, not of the page.
  const [, tls] = await Promise.all([
    (async () => {
      const full = await fullPageScreenshot(transport, page.width, page.height, {
        beyondViewport: !fits
      })
      keep(capturedFile(full.png, 'screenshot-full.png', 'screenshot-full', 'image/png'))
    })(),
    captureTls(transport, finalUrl, response?.securityDetails, {
      timeoutMs: HANDSHAKE_TIMEOUT_MS,
      handshake: s.deps.handshake ?? handshakeCertificates,
      ...(serverIp !== undefined ? { serverIp } : {})
    })
  ])
  const afterShot = await pageState(transport, evaluate)
  const changed = changedFiles({ dom, text: info.text }, afterReads, afterShot)
  if (changed.length > 0) warnings.push('page-changed-during-capture')
  if (nav.navigatedAfterFreeze) warnings.push('navigated-during-capture')
  if (info.text.length > PAYLOAD_TEXT_LIMIT) warnings.push('text-truncated')
  const har = harOf(s, info.title)
  const failed = response !== undefined && response.status >= 400
  const payload: WebCapturePayload = {
    ...s.facts,
    finalUrl,
    outcome: failed ? 'http-error' : 'captured',
    ...(failed ? { reason: `HTTP ${response.status} ${response.statusText}`.trim() } : {}),
    redirects: nav.redirects,
    ...(response !== undefined ? responseFacts(response) : {}),
    ...(serverIp !== undefined ? { serverIp } : {}),
    ...(response?.remotePort !== undefined ? { serverPort: response.remotePort } : {}),
    ...(tls !== undefined ? { tls } : {}),
    ...(info.title !== '' ? { title: info.title } : {}),
    endedAt: s.deps.clock.now().toISOString(),
    page,
    requestCount: har.log.entries.length,
    ...(nav.popups.length > 0 ? { popupsBlocked: nav.popups } : {}),
    ...(s.navigationsBlocked.length > 0 ? { navigationsBlocked: s.navigationsBlocked } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(changed.length > 0 ? { changedDuringCapture: changed } : {}),
    automationSignals,
    ...(info.text.trim() !== '' ? { text: info.text.slice(0, PAYLOAD_TEXT_LIMIT) } : {})
  }
  return {
    payload,
    files: [...inFileOrder(gathered.files), ...networkFiles(har, tls?.certificates ?? [])]
  }
}

/**
 * Stops the page's own JavaScript before the reads: timers, animation frames and event
 * handlers (resize among them) no longer run, so the files show one state. The engine's
 * isolated world still evaluates, and Chromium still renders, so the reads work on the
 * stopped page. CSS animations and transitions are paused too (the document timeline's
 * playback rate 0). Chosen over Emulation.setVirtualTimePolicy, which stops timers but not
 * event handlers, and Debugger.pause, which stops rendering with them (screenshots wait).
 */
async function freezeScripts(transport: CdpTransport): Promise<void> {
  await Promise.all([
    transport.send('Emulation.setScriptExecutionDisabled', { value: true }),
    transport.send('Animation.enable'),
    transport.send('Animation.setPlaybackRate', { playbackRate: 0 })
  ])
}

/** What the reads are compared by: the serialised DOM and the visible text. */
interface PageState {
  dom: string
  text: string
}

async function pageState(
  transport: CdpTransport,
  evaluate: <T>(expression: string) => Promise<T>
): Promise<PageState> {
  const [dom, info] = await Promise.all([
    serializeDom(transport),
    evaluate<PageInfo>(PAGE_INFO_SCRIPT)
  ])
  return { dom, text: info.text }
}

/**
 * The files that may show another state of the page than the rest, from the DOM and text
 * as read with the files (`read`), right after those reads (`afterReads`) and after the
 * full-page shot (`afterShot`). A change during the reads puts the five read together in
 * doubt; a change after them, the full-page screenshot.
 */
export function changedFiles(
  read: PageState,
  afterReads: PageState,
  afterShot: PageState
): AttachmentRole[] {
  const same = (a: PageState, b: PageState) => a.dom === b.dom && a.text === b.text
  const changed: AttachmentRole[] = []
  if (!same(read, afterReads)) changed.push('screenshot-viewport', 'mhtml', 'dom', 'text')
  if (!same(afterReads, afterShot)) changed.push('screenshot-full')
  return changed.sort((a, b) => FILE_ORDER.indexOf(a) - FILE_ORDER.indexOf(b))
}

/**
 * The page crashed or stopped answering: a failed capture with everything gathered until
 * then (the files already read, the response, the redirects, the HAR).
 */
function recordLost(s: Session, error: PageLostError): PageCapture {
  const { nav, gathered } = s
  const response = nav.current?.response
  const serverIp = response?.remoteIPAddress?.replace(/^\[|\]$/g, '') || undefined
  const title = gathered.title ?? ''
  const text = gathered.text ?? ''
  const har = harOf(s, title)
  const payload: WebCapturePayload = {
    ...s.facts,
    ...(nav.committedUrl !== undefined ? { finalUrl: nav.committedUrl } : {}),
    outcome: error.loss === 'unresponsive' ? 'page-unresponsive' : 'page-crashed',
    reason: error.message,
    redirects: nav.redirects,
    ...(response !== undefined ? responseFacts(response) : {}),
    ...(serverIp !== undefined ? { serverIp } : {}),
    ...(response?.remotePort !== undefined ? { serverPort: response.remotePort } : {}),
    ...(title !== '' ? { title } : {}),
    endedAt: s.deps.clock.now().toISOString(),
    ...(gathered.page !== undefined ? { page: gathered.page } : {}),
    requestCount: har.log.entries.length,
    ...(nav.popups.length > 0 ? { popupsBlocked: nav.popups } : {}),
    ...(s.navigationsBlocked.length > 0 ? { navigationsBlocked: s.navigationsBlocked } : {}),
    ...(gathered.warnings.length > 0 ? { warnings: gathered.warnings } : {}),
    ...(gathered.automationSignals !== undefined
      ? { automationSignals: gathered.automationSignals }
      : {}),
    ...(text.trim() !== '' ? { text: text.slice(0, PAYLOAD_TEXT_LIMIT) } : {})
  }
  return { payload, files: [...inFileOrder(gathered.files), ...networkFiles(har, [])] }
}

/**
 * Runs expressions in a world of the engine's own in the main frame: the page's scripts
 * share its DOM but not its globals, so they cannot fake what the engine reads.
 */
async function isolatedWorld(
  transport: CdpTransport,
  frameId: string
): Promise<<T>(expression: string) => Promise<T>> {
  const world = await call(transport, 'Page.createIsolatedWorld', {
    frameId,
    worldName: 'dalel-capture'
  })
  return async <T>(expression: string): Promise<T> => {
    const r = await call(transport, 'Runtime.evaluate', {
      expression,
      contextId: world.executionContextId,
      returnByValue: true,
      awaitPromise: true
    })
    if (r.exceptionDetails !== undefined)
      throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text)
    return r.result.value as T
  }
}

function responseFacts(response: CdpResponse): {
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

async function serializeDom(transport: CdpTransport): Promise<string> {
  const { root } = await call(transport, 'DOM.getDocument', { depth: 0 })
  return (await call(transport, 'DOM.getOuterHTML', { nodeId: root.nodeId })).outerHTML
}
