import { utf8 } from '../../common/encoding/bytes'
import type { AttachmentRole, AutomationSignal, WebCapturePayload } from '../../common/entry/Entry'
import type { CdpTransport } from '../ports/CdpTransport'
import { call } from './cdpTypes'
import { capturedFile, networkFiles } from './capturedFiles'
import type { CapturedFile } from './capturedFiles'
import type { PageCapture } from './capturePage'
import {
  budgetLeft,
  FILE_ORDER,
  HANDSHAKE_TIMEOUT_MS,
  harOf,
  inFileOrder,
  PAYLOAD_TEXT_LIMIT,
  quietMsOf,
  responseFacts
} from './captureSession'
import type { Session } from './captureSession'
import { captureTls } from './captureTls'
import { handshakeCertificates } from './certificates'
import { FAST_PNG, fullPageScreenshot } from './fullPageScreenshot'
import { AUTOMATION_SIGNALS_SCRIPT, PAGE_INFO_SCRIPT, scrollThroughScript } from './pageScripts'
import type { PageInfo, ScrollResult } from './pageScripts'
import { waitForLateRequests } from './settlePage'
import type { Settled } from './settlePage'

// The reads of a page that has loaded: frozen, scrolled for lazy content, then every view of
// it (screenshots, MHTML, DOM, text, certificates), and whether it changed meanwhile.

const MAX_PAGE_WIDTH = 16384

/** A document is in place: freeze it, bring in lazy content, and capture every view of it. */
export async function recordDocument(s: Session, settled: Settled): Promise<PageCapture> {
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
export interface PageState {
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

async function serializeDom(transport: CdpTransport): Promise<string> {
  const { root } = await call(transport, 'DOM.getDocument', { depth: 0 })
  return (await call(transport, 'DOM.getOuterHTML', { nodeId: root.nodeId })).outerHTML
}
