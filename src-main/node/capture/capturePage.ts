import type { Clock } from '../../common/crypto/EvidenceCrypto'
import { utf8 } from '../../common/encoding/bytes'
import type {
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
import { NavigationTracker } from './NavigationTracker'
import { NetworkLog } from './NetworkLog'
import { PAGE_INFO_SCRIPT, scrollThroughScript } from './pageScripts'
import type { PageInfo, ScrollResult } from './pageScripts'
import { navigate, settlePage, waitForLateRequests } from './settlePage'
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
  const signal = new ChangeSignal()
  const notify = () => {
    signal.notify()
  }
  const nav = new NavigationTracker(transport, notify)
  const net = new NetworkLog(transport, notify)
  const navigationsBlocked = stopNavigationsOnceFrozen(transport, nav)
  const viewport = options.viewport ?? DEFAULT_VIEWPORT
  const { version, userAgent, mainFrameId } = await prepare(transport, viewport)
  nav.mainFrameId = mainFrameId
  const session: Session = {
    transport,
    options,
    deps,
    nav,
    net,
    signal,
    navigationsBlocked,
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

  const navigating = navigate(transport, requestedUrl, nav)
  const settled = await settlePage(nav, net, signal, begin + options.timeoutMs, {
    quietMs: quietMsOf(options),
    idleQuietMs: options.idleQuietMs ?? 50,
    settleMaxMs: options.settleMaxMs ?? 5000
  })
  // A load that timed out after the document arrived is still captured, with a warning.
  const noDocument = settled === 'failed' || nav.current?.response === undefined
  const result =
    settled !== 'loaded' && noDocument
      ? await recordFailure(session, settled)
      : await recordDocument(session, settled)
  await Promise.race([navigating, sleep(100)])
  return result
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
    transport.send('Page.enable'),
    transport.send('Network.enable'),
    transport.send('Page.setLifecycleEventsEnabled', { enabled: true }),
    transport.send('Network.setCacheDisabled', { cacheDisabled: true }),
    transport.send('Emulation.setDeviceMetricsOverride', {
      ...viewport,
      deviceScaleFactor: 1,
      mobile: false
    }),
    // A download would land on the disk in plaintext.
    transport.send('Page.setDownloadBehavior', { behavior: 'deny' }).catch(() => undefined)
  ])
  // Sites turn "HeadlessChrome" away; the page should see what a reader's browser gets.
  const userAgent = version.userAgent.replace('HeadlessChrome/', 'Chrome/')
  await transport.send('Network.setUserAgentOverride', { userAgent })
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

/** A document is in place: freeze it, bring in lazy content, and capture every view of it. */
async function recordDocument(s: Session, settled: Settled): Promise<PageCapture> {
  const { transport, nav, net, options } = s
  const warnings: CaptureWarning[] = []
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

  const maxHeight = options.maxPageHeight ?? 60_000
  const scroll = await evaluate<ScrollResult>(
    scrollThroughScript(maxHeight, options.lazyBudgetMs ?? 10_000)
  )
  if (scroll.stopped) warnings.push('lazy-load-budget')
  const loadSeenAt = nav.current?.loadSeenAt
  await waitForLateRequests(net, s.signal, startedAtSettle, {
    watchUntil:
      settled === 'loaded' && loadSeenAt !== undefined ? loadSeenAt + quietMsOf(options) : 0,
    quietMs: 200,
    maxMs: 3000
  })

  // Frozen, scrolled back to the top, the network quiet: these five only read the page, so
  // they run together and all show this one state of the document. The full-page shot comes
  // after them because it is the one that disturbs the page (see fullPageScreenshot).
  const [viewportShot, metrics, mhtml, dom, info] = await Promise.all([
    call(transport, 'Page.captureScreenshot', { format: 'png', ...FAST_PNG }),
    call(transport, 'Page.getLayoutMetrics'),
    call(transport, 'Page.captureSnapshot', { format: 'mhtml' }),
    serializeDom(transport),
    evaluate<PageInfo>(PAGE_INFO_SCRIPT)
  ])
  const fullWidth = Math.ceil(metrics.cssContentSize.width)
  const fullHeight = Math.ceil(metrics.cssContentSize.height)
  const page = {
    width: Math.max(1, Math.min(fullWidth, MAX_PAGE_WIDTH)),
    height: Math.max(1, Math.min(fullHeight, maxHeight))
  }
  if (page.width < fullWidth || page.height < fullHeight) warnings.push('page-truncated')

  const response = nav.current?.response
  const finalUrl = nav.committedUrl ?? info.url
  const serverIp = response?.remoteIPAddress?.replace(/^\[|\]$/g, '') || undefined
  // The certificate chain is the browser's record of the connection, not of the page.
  const [full, tls] = await Promise.all([
    fullPageScreenshot(transport, page.width, page.height),
    captureTls(transport, finalUrl, response?.securityDetails, {
      timeoutMs: HANDSHAKE_TIMEOUT_MS,
      handshake: s.deps.handshake ?? handshakeCertificates,
      ...(serverIp !== undefined ? { serverIp } : {})
    })
  ])
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
    ...(info.text.trim() !== '' ? { text: info.text.slice(0, PAYLOAD_TEXT_LIMIT) } : {})
  }
  const files = [
    capturedFile(full.png, 'screenshot-full.png', 'screenshot-full', 'image/png'),
    capturedFile(
      Buffer.from(viewportShot.data, 'base64'),
      'screenshot-viewport.png',
      'screenshot-viewport',
      'image/png'
    ),
    capturedFile(utf8(mhtml.data), 'page.mhtml', 'mhtml', 'multipart/related'),
    capturedFile(utf8(dom), 'dom.html', 'dom', 'text/html'),
    capturedFile(utf8(info.text), 'text.txt', 'text', 'text/plain'),
    ...networkFiles(har, tls?.certificates ?? [])
  ]
  return { payload, files }
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
