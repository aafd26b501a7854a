import { describe, expect, it } from 'vitest'
import { buildHar } from './buildHar'
import type { CdpResponse } from './cdpTypes'
import { FakeCdpTransport } from './FakeCdpTransport'
import { NetworkLog } from './NetworkLog'

const VERSIONS = {
  tool: { name: 'Dalel', version: '0.1.0' },
  browser: { name: 'Chromium', version: '156.0.0.0' }
}

function response(url: string, status: number, headers: Record<string, string>): CdpResponse {
  return {
    url,
    status,
    statusText: status === 301 ? 'Moved Permanently' : 'OK',
    headers,
    mimeType: 'text/html',
    encodedDataLength: 120,
    remoteIPAddress: '[2001:db8::1]',
    remotePort: 443,
    protocol: 'h2',
    timing: {
      requestTime: 100,
      dnsStart: 1,
      dnsEnd: 3,
      connectStart: 3,
      connectEnd: 10,
      sslStart: 5,
      sslEnd: 10,
      sendStart: 11,
      sendEnd: 12,
      receiveHeadersEnd: 40
    }
  }
}

describe('NetworkLog and buildHar', () => {
  it('writes one HAR 1.2 entry per hop, with wire headers, timings and the server address', () => {
    const t = new FakeCdpTransport()
    const log = new NetworkLog(t)
    const send = (url: string, redirect?: CdpResponse) => {
      t.emit('Network.requestWillBeSent', {
        requestId: 'R',
        loaderId: 'R',
        documentURL: url,
        request: { url: `${url}?q=обыск`, method: 'GET', headers: { Accept: 'text/html' } },
        timestamp: 100,
        wallTime: 1_772_355_600,
        initiator: { type: 'other' },
        type: 'Document',
        frameId: 'F',
        ...(redirect !== undefined ? { redirectResponse: redirect } : {})
      })
    }
    send('https://a.test/')
    // The wire headers of the 301 arrive after the redirect is followed: they still belong
    // to the first hop, and the second hop's to the second.
    send('https://b.test/', response('https://a.test/', 301, { Location: 'https://b.test/' }))
    t.emit('Network.responseReceivedExtraInfo', {
      requestId: 'R',
      statusCode: 301,
      headers: { Location: 'https://b.test/', 'Set-Cookie': 'a=1\nb=2' }
    })
    t.emit('Network.responseReceivedExtraInfo', {
      requestId: 'R',
      statusCode: 200,
      headers: { 'Content-Type': 'text/html' }
    })
    t.emit('Network.responseReceived', {
      requestId: 'R',
      loaderId: 'R',
      timestamp: 100.05,
      type: 'Document',
      response: response('https://b.test/', 200, { 'content-type': 'text/html' })
    })
    t.emit('Network.dataReceived', { requestId: 'R', timestamp: 100.06, dataLength: 5000 })
    expect(log.inFlight).toBe(1)
    t.emit('Network.loadingFinished', { requestId: 'R', timestamp: 100.1, encodedDataLength: 900 })
    expect(log.inFlight).toBe(0)

    const har = buildHar(log.records, { title: 'Страница', load: 100.1 }, VERSIONS)
    expect(har.log).toMatchObject({
      version: '1.2',
      creator: VERSIONS.tool,
      pages: [{ id: 'page_1', title: 'Страница', pageTimings: { onLoad: 100 } }]
    })
    const [first, second] = har.log.entries
    expect(first?.response).toMatchObject({
      status: 301,
      redirectURL: 'https://b.test/',
      httpVersion: 'h2',
      headers: [
        { name: 'Location', value: 'https://b.test/' },
        { name: 'Set-Cookie', value: 'a=1' },
        { name: 'Set-Cookie', value: 'b=2' }
      ]
    })
    expect(second?.response).toMatchObject({
      status: 200,
      redirectURL: '',
      content: { size: 5000, mimeType: 'text/html' },
      _transferSize: 900,
      headers: [{ name: 'Content-Type', value: 'text/html' }]
    })
    expect(second?.request.queryString).toEqual([{ name: 'q', value: 'обыск' }])
    expect(second?.serverIPAddress).toBe('2001:db8::1')
    expect(second?.startedDateTime).toBe('2026-03-01T09:00:00.000Z')
    expect(second?.timings).toMatchObject({ dns: 2, connect: 7, ssl: 5, send: 1, wait: 28 })
    expect(second?.timings.receive).toBeCloseTo(60, 5)
  })

  it('leaves data URLs out, and ends the requests of a document the page navigated away from', () => {
    const t = new FakeCdpTransport()
    const log = new NetworkLog(t)
    const send = (id: string, url: string, loaderId: string) => {
      t.emit('Network.requestWillBeSent', {
        requestId: id,
        loaderId,
        documentURL: url,
        request: { url, method: 'GET', headers: {} },
        timestamp: 1,
        wallTime: 1,
        initiator: { type: 'other' },
        type: 'Image',
        frameId: 'F'
      })
    }
    send('1', 'data:image/png;base64,AAAA', 'L1')
    send('2', 'https://a.test/favicon.ico', 'L1')
    expect(log.inFlight).toBe(1)
    t.emit('Page.frameNavigated', { frame: { id: 'F', url: 'https://b.test/', loaderId: 'L2' } })
    expect(log.inFlight).toBe(0)
    const har = buildHar(log.records, { title: '' }, VERSIONS)
    expect(
      har.log.entries.map((e) => [e.request.url, e.response.status, e.response._error])
    ).toEqual([['https://a.test/favicon.ico', 0, 'abandoned: the document navigated away']])
  })
})
