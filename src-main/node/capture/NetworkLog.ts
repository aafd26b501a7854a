import type { CdpTransport } from '../ports/CdpTransport'
import type { CdpEvents, CdpHeaders, CdpRequest, CdpResponse } from './cdpTypes'
import { onEvent } from './cdpTypes'

/** One request as the page made it; a redirect ends one record and starts the next. */
export interface RequestRecord {
  requestId: string
  loaderId: string
  frameId?: string
  /** the resource type Chromium gave, e.g. Document, Image, Script */
  type?: string
  /** seconds since the epoch */
  wallTime: number
  /** monotonic seconds */
  timestamp: number
  request: CdpRequest
  /** the headers as sent on the wire (with cookies), when Chromium reports them */
  requestHeadersSent?: CdpHeaders
  response?: CdpResponse
  /** the headers as received on the wire, when Chromium reports them */
  responseHeadersReceived?: CdpHeaders
  /** decoded body bytes */
  dataLength: number
  /** bytes on the wire, headers included */
  encodedDataLength?: number
  /** monotonic seconds */
  endTimestamp?: number
  failure?: { errorText: string; canceled: boolean; blockedReason?: string }
}

/**
 * Every request of one page, from the Network domain's events, in the order they started:
 * the source of the HAR and of "is the network quiet yet". Data URLs are left out; their
 * bytes are in the page archive.
 */
export class NetworkLog {
  readonly records: RequestRecord[] = []
  private readonly open = new Map<string, RequestRecord>()
  /** every hop of each request id, in order */
  private readonly byRequestId = new Map<string, RequestRecord[]>()
  private readonly pendingRequestHeaders = new Map<string, CdpHeaders[]>()
  /** performance.now() of the last event; the quiet period counts from here */
  lastActivity = performance.now()
  started = 0

  constructor(
    transport: CdpTransport,
    private readonly onChange: () => void = () => undefined
  ) {
    onEvent(transport, 'Network.requestWillBeSent', (e) => {
      this.touch()
      this.requestWillBeSent(e)
    })
    // The ExtraInfo events (headers as on the wire) come in hop order for a request id, but
    // not in a fixed order against the other events: each goes to the earliest hop of its
    // request that has none yet, or waits for that hop to start.
    onEvent(transport, 'Network.requestWillBeSentExtraInfo', (e) => {
      const record = this.hops(e.requestId).find((r) => r.requestHeadersSent === undefined)
      if (record !== undefined) record.requestHeadersSent = e.headers
      else queue(this.pendingRequestHeaders, e.requestId, e.headers)
    })
    onEvent(transport, 'Network.responseReceived', (e) => {
      this.touch()
      const record = this.open.get(e.requestId)
      if (record !== undefined) record.response = e.response
    })
    onEvent(transport, 'Network.responseReceivedExtraInfo', (e) => {
      const record = this.hops(e.requestId).find((r) => r.responseHeadersReceived === undefined)
      if (record !== undefined) record.responseHeadersReceived = e.headers
    })
    onEvent(transport, 'Network.dataReceived', (e) => {
      this.touch()
      const record = this.open.get(e.requestId)
      if (record !== undefined) record.dataLength += e.dataLength
    })
    onEvent(transport, 'Network.loadingFinished', (e) => {
      const record = this.open.get(e.requestId)
      if (record !== undefined) {
        record.endTimestamp = e.timestamp
        record.encodedDataLength = e.encodedDataLength
      }
      this.finish(e.requestId)
    })
    onEvent(transport, 'Network.loadingFailed', (e) => {
      const record = this.open.get(e.requestId)
      if (record !== undefined) {
        record.endTimestamp = e.timestamp
        record.failure = {
          errorText: e.errorText,
          canceled: e.canceled === true,
          ...(e.blockedReason !== undefined ? { blockedReason: e.blockedReason } : {})
        }
      }
      this.finish(e.requestId)
    })
    onEvent(transport, 'Page.frameNavigated', (e) => {
      if (e.frame.parentId === undefined) this.abandonOtherDocuments(e.frame.id, e.frame.loaderId)
    })
  }

  /**
   * A new document in the main frame ends the previous one's requests; Chromium does not
   * always report them (a favicon fetch, say), and they must not keep the network "busy".
   */
  private abandonOtherDocuments(frameId: string, loaderId: string): void {
    for (const [id, record] of this.open) {
      if (record.frameId !== frameId || record.loaderId === loaderId) continue
      record.failure = { errorText: 'abandoned: the document navigated away', canceled: true }
      this.open.delete(id)
    }
    this.onChange()
  }

  private hops(requestId: string): readonly RequestRecord[] {
    return this.byRequestId.get(requestId) ?? []
  }

  /** Requests started and not yet finished or failed. */
  get inFlight(): number {
    return this.open.size
  }

  private touch(): void {
    this.lastActivity = performance.now()
  }

  private finish(requestId: string): void {
    this.touch()
    this.open.delete(requestId)
    this.onChange()
  }

  private requestWillBeSent(e: CdpEvents['Network.requestWillBeSent']): void {
    if (e.request.url.startsWith('data:')) return
    const previous = this.open.get(e.requestId)
    if (previous !== undefined && e.redirectResponse !== undefined) {
      // The same request id continues after an HTTP redirect: the 3xx is its own HAR entry.
      previous.response = e.redirectResponse
      previous.endTimestamp = e.timestamp
      previous.encodedDataLength = e.redirectResponse.encodedDataLength
    }
    const record: RequestRecord = {
      requestId: e.requestId,
      loaderId: e.loaderId,
      wallTime: e.wallTime,
      timestamp: e.timestamp,
      request: e.request,
      dataLength: 0,
      ...(e.frameId !== undefined ? { frameId: e.frameId } : {}),
      ...(e.type !== undefined ? { type: e.type } : {})
    }
    const sent = this.pendingRequestHeaders.get(e.requestId)?.shift()
    if (sent !== undefined) record.requestHeadersSent = sent
    this.records.push(record)
    const hops = this.byRequestId.get(e.requestId)
    if (hops === undefined) this.byRequestId.set(e.requestId, [record])
    else hops.push(record)
    this.open.set(e.requestId, record)
    this.started++
    this.onChange()
  }
}

function queue(map: Map<string, CdpHeaders[]>, id: string, headers: CdpHeaders): void {
  const list = map.get(id)
  if (list === undefined) map.set(id, [headers])
  else list.push(headers)
}
