import type { CdpHeaders, CdpResourceTiming } from './cdpTypes'
import type { RequestRecord } from './NetworkLog'

/** HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the parts Dalel writes. */
export interface Har {
  log: {
    version: '1.2'
    creator: { name: string; version: string }
    browser: { name: string; version: string }
    pages: HarPage[]
    entries: HarEntry[]
  }
}

interface HarPage {
  startedDateTime: string
  id: string
  title: string
  pageTimings: { onContentLoad: number; onLoad: number }
}

interface HarNameValue {
  name: string
  value: string
}

interface HarEntry {
  pageref: string
  startedDateTime: string
  time: number
  request: {
    method: string
    url: string
    httpVersion: string
    cookies: HarNameValue[]
    headers: HarNameValue[]
    queryString: HarNameValue[]
    postData?: { mimeType: string; text: string }
    headersSize: number
    bodySize: number
  }
  response: {
    status: number
    statusText: string
    httpVersion: string
    cookies: HarNameValue[]
    headers: HarNameValue[]
    content: { size: number; mimeType: string }
    redirectURL: string
    headersSize: number
    bodySize: number
    _transferSize?: number
    _error?: string
  }
  cache: Record<string, never>
  timings: {
    blocked: number
    dns: number
    connect: number
    send: number
    wait: number
    receive: number
    ssl: number
  }
  serverIPAddress?: string
  connection?: string
  _resourceType?: string
}

export interface HarPageInfo {
  title: string
  /** monotonic seconds, as in the protocol's events; absent when they did not happen */
  domContentLoaded?: number
  load?: number
}

/** CDP joins repeated headers with newlines; HAR lists each line. */
export function headerList(headers: CdpHeaders | undefined): HarNameValue[] {
  if (headers === undefined) return []
  return Object.entries(headers).flatMap(([name, value]) =>
    value.split('\n').map((line) => ({ name, value: line }))
  )
}

/** "http/1.1" → "HTTP/1.1"; "h2", "h3" as they are; unknown → "". */
export function httpVersion(protocol: string | undefined): string {
  if (protocol === undefined) return ''
  return protocol.startsWith('http/') ? protocol.toUpperCase() : protocol
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000
}

/** HAR timings from a ResourceTiming, the way Chromium's own HAR export computes them. */
function timings(
  timing: CdpResourceTiming | undefined,
  record: RequestRecord
): HarEntry['timings'] & { total: number } {
  const end = record.endTimestamp ?? record.timestamp
  if (timing === undefined) {
    const total = round(Math.max(0, (end - record.timestamp) * 1000))
    return { blocked: -1, dns: -1, connect: -1, send: 0, wait: total, receive: 0, ssl: -1, total }
  }
  const firstStart = [timing.dnsStart, timing.connectStart, timing.sendStart].find((t) => t >= 0)
  const queued = Math.max(0, (timing.requestTime - record.timestamp) * 1000)
  const blocked = round(queued + Math.max(0, firstStart ?? 0))
  const dns = timing.dnsStart >= 0 ? round(timing.dnsEnd - timing.dnsStart) : -1
  const connect = timing.connectStart >= 0 ? round(timing.connectEnd - timing.connectStart) : -1
  const ssl = timing.sslStart >= 0 ? round(timing.sslEnd - timing.sslStart) : -1
  const send = round(Math.max(0, timing.sendEnd - timing.sendStart))
  const wait = round(Math.max(0, timing.receiveHeadersEnd - timing.sendEnd))
  const receive = round(
    Math.max(0, (end - timing.requestTime) * 1000 - Math.max(0, timing.receiveHeadersEnd))
  )
  // ssl is part of connect in HAR 1.2, so it is not added again.
  const total = round(blocked + Math.max(0, dns) + Math.max(0, connect) + send + wait + receive)
  return { blocked, dns, connect, send, wait, receive, ssl, total }
}

function queryOf(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }))
  } catch {
    return []
  }
}

function toEntry(record: RequestRecord): HarEntry {
  const response = record.response
  const { total, ...timing } = timings(response?.timing, record)
  const responseHeaders = headerList(record.responseHeadersReceived ?? response?.headers)
  const location = responseHeaders.find((h) => h.name.toLowerCase() === 'location')
  const postData = record.request.postData
  const contentType = Object.entries(record.request.headers).find(
    ([name]) => name.toLowerCase() === 'content-type'
  )?.[1]
  return {
    pageref: 'page_1',
    startedDateTime: new Date(record.wallTime * 1000).toISOString(),
    time: total,
    request: {
      method: record.request.method,
      url: record.request.url + (record.request.urlFragment ?? ''),
      httpVersion: httpVersion(response?.protocol),
      cookies: [],
      headers: headerList(record.requestHeadersSent ?? record.request.headers),
      queryString: queryOf(record.request.url),
      ...(postData !== undefined
        ? { postData: { mimeType: contentType ?? '', text: postData } }
        : {}),
      headersSize: -1,
      bodySize: postData !== undefined ? Buffer.byteLength(postData) : 0
    },
    response: {
      status: response?.status ?? 0,
      statusText: response?.statusText ?? '',
      httpVersion: httpVersion(response?.protocol),
      cookies: [],
      headers: responseHeaders,
      content: { size: record.dataLength, mimeType: response?.mimeType ?? '' },
      redirectURL:
        response !== undefined && response.status >= 300 && response.status < 400
          ? (location?.value ?? '')
          : '',
      headersSize: -1,
      bodySize: -1,
      ...(record.encodedDataLength !== undefined
        ? { _transferSize: record.encodedDataLength }
        : {}),
      ...(record.failure !== undefined ? { _error: record.failure.errorText } : {})
    },
    cache: {},
    timings: timing,
    ...(response?.remoteIPAddress !== undefined
      ? { serverIPAddress: response.remoteIPAddress.replace(/^\[|\]$/g, '') }
      : {}),
    ...(response?.remotePort !== undefined ? { connection: String(response.remotePort) } : {}),
    ...(record.type !== undefined ? { _resourceType: record.type.toLowerCase() } : {})
  }
}

/** The page's requests as a HAR 1.2 log, one page, entries in the order they started. */
export function buildHar(
  records: readonly RequestRecord[],
  page: HarPageInfo,
  versions: { tool: { name: string; version: string }; browser: { name: string; version: string } }
): Har {
  const first = records[0]
  const since = (t: number | undefined) =>
    t === undefined || first === undefined ? -1 : round((t - first.timestamp) * 1000)
  return {
    log: {
      version: '1.2',
      creator: versions.tool,
      browser: versions.browser,
      pages: [
        {
          startedDateTime: new Date((first?.wallTime ?? Date.now() / 1000) * 1000).toISOString(),
          id: 'page_1',
          title: page.title,
          pageTimings: { onContentLoad: since(page.domContentLoaded), onLoad: since(page.load) }
        }
      ],
      entries: records.map(toEntry)
    }
  }
}
