import type { CdpTransport } from '../ports/CdpTransport'

/**
 * The parts of the Chrome DevTools Protocol the engine reads, typed as far as it reads them
 * (https://chromedevtools.github.io/devtools-protocol/). Times: `timestamp` is monotonic
 * seconds, `wallTime` seconds since the epoch, ResourceTiming fields milliseconds after
 * `requestTime`.
 */
export type CdpHeaders = Record<string, string>

export interface CdpResourceTiming {
  requestTime: number
  dnsStart: number
  dnsEnd: number
  connectStart: number
  connectEnd: number
  sslStart: number
  sslEnd: number
  sendStart: number
  sendEnd: number
  receiveHeadersEnd: number
}

export interface CdpSecurityDetails {
  protocol: string
  keyExchange: string
  keyExchangeGroup?: string
  cipher: string
  subjectName: string
  issuer: string
  sanList: string[]
}

export interface CdpResponse {
  url: string
  status: number
  statusText: string
  headers: CdpHeaders
  mimeType: string
  remoteIPAddress?: string
  remotePort?: number
  fromDiskCache?: boolean
  encodedDataLength: number
  timing?: CdpResourceTiming
  protocol?: string
  securityState?: string
  securityDetails?: CdpSecurityDetails
}

export interface CdpRequest {
  url: string
  urlFragment?: string
  method: string
  headers: CdpHeaders
  postData?: string
  hasPostData?: boolean
}

export interface CdpEvents {
  'Network.requestWillBeSent': {
    requestId: string
    loaderId: string
    documentURL: string
    request: CdpRequest
    timestamp: number
    wallTime: number
    initiator: { type: string; url?: string }
    redirectResponse?: CdpResponse
    type?: string
    frameId?: string
  }
  'Network.requestWillBeSentExtraInfo': { requestId: string; headers: CdpHeaders }
  'Network.responseReceived': {
    requestId: string
    loaderId: string
    timestamp: number
    type: string
    response: CdpResponse
    frameId?: string
  }
  'Network.responseReceivedExtraInfo': {
    requestId: string
    headers: CdpHeaders
    statusCode: number
    headersText?: string
  }
  'Network.dataReceived': { requestId: string; timestamp: number; dataLength: number }
  'Network.loadingFinished': { requestId: string; timestamp: number; encodedDataLength: number }
  'Network.loadingFailed': {
    requestId: string
    timestamp: number
    type: string
    errorText: string
    canceled?: boolean
    blockedReason?: string
  }
  'Page.lifecycleEvent': { frameId: string; loaderId: string; name: string; timestamp: number }
  'Page.frameNavigated': { frame: { id: string; parentId?: string; url: string; loaderId: string } }
  'Page.navigatedWithinDocument': { frameId: string; url: string }
  'Page.frameRequestedNavigation': { frameId: string; reason: string; url: string }
  'Page.frameScheduledNavigation': { frameId: string; delay: number; reason: string; url: string }
  'Page.frameClearedScheduledNavigation': { frameId: string }
  'Page.windowOpen': { url: string; userGesture: boolean }
  'Page.domContentEventFired': { timestamp: number }
  'Page.loadEventFired': { timestamp: number }
  'Inspector.targetCrashed': Record<string, never>
  'Inspector.detached': { reason: string }
  'Fetch.requestPaused': {
    requestId: string
    request: CdpRequest
    frameId: string
    resourceType: string
  }
}

export interface CdpResults {
  'Browser.getVersion': {
    protocolVersion: string
    product: string
    revision: string
    userAgent: string
    jsVersion: string
  }
  'Page.getFrameTree': { frameTree: { frame: { id: string; url: string } } }
  'Page.navigate': { frameId: string; loaderId?: string; errorText?: string; isDownload?: boolean }
  'Page.createIsolatedWorld': { executionContextId: number }
  'Page.getLayoutMetrics': {
    cssLayoutViewport: { clientWidth: number; clientHeight: number }
    cssContentSize: { width: number; height: number }
  }
  'Page.captureScreenshot': { data: string }
  'Page.captureSnapshot': { data: string }
  'Network.getCertificate': { tableNames: string[] }
  'DOM.getDocument': { root: { nodeId: number } }
  'DOM.getOuterHTML': { outerHTML: string }
  'Runtime.evaluate': {
    result: { type: string; value?: unknown; description?: string }
    exceptionDetails?: { text: string; exception?: { description?: string } }
  }
}

/** Sends a command whose result the engine reads, typed. */
export async function call<M extends keyof CdpResults>(
  transport: CdpTransport,
  method: M,
  params: Record<string, unknown> = {}
): Promise<CdpResults[M]> {
  return (await transport.send(method, params)) as CdpResults[M]
}

/** Subscribes to an event the engine reads, typed. */
export function onEvent<E extends keyof CdpEvents>(
  transport: CdpTransport,
  event: E,
  handler: (params: CdpEvents[E]) => void
): void {
  transport.on(event, (params) => {
    handler(params as CdpEvents[E])
  })
}
