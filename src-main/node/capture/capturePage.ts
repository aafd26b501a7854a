import type { Clock } from '../../common/crypto/EvidenceCrypto'
import type { WebCapturePayload } from '../../common/entry/Entry'
import type { CdpTransport } from '../ports/CdpTransport'
import { call, onEvent } from './cdpTypes'
import type { CdpResults } from './cdpTypes'
import type { CapturedFile } from './capturedFiles'
import { CAPTURE_GRACE_MS, quietMsOf } from './captureSession'
import type { Session } from './captureSession'
import type { Handshake } from './captureTls'
import { ChangeSignal, sleep } from './ChangeSignal'
import { guardTransport } from './guardTransport'
import { NavigationTracker } from './NavigationTracker'
import { NetworkLog } from './NetworkLog'
import { PageLostError } from './PageLostError'
import { recordDocument } from './recordDocument'
import { recordFailure, recordLost } from './recordFailure'
import { navigate, settlePage } from './settlePage'
import { userAgentMetadata } from './userAgentMetadata'

// capturePage runs one capture to its end: it prepares the page, follows it until it has
// settled, and hands the running capture (captureSession) to recordDocument (the reads of a
// page that loaded) or recordFailure / recordLost (none came, or the page was lost).

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
        timeoutMs: options.timeoutMs,
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
