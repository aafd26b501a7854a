import { describe, expect, it } from 'vitest'
import type { CdpResponse } from './cdpTypes'
import { FakeCdpTransport } from './FakeCdpTransport'
import { NavigationTracker } from './NavigationTracker'

const FRAME = 'F'

function response(url: string, status: number): CdpResponse {
  return { url, status, statusText: '', headers: {}, mimeType: 'text/html', encodedDataLength: 0 }
}

function setup() {
  const t = new FakeCdpTransport()
  const tracker = new NavigationTracker(t, () => undefined)
  tracker.mainFrameId = FRAME
  const request = (id: string, url: string, redirectFrom?: CdpResponse) => {
    t.emit('Network.requestWillBeSent', {
      requestId: id,
      loaderId: id,
      documentURL: url,
      request: { url, method: 'GET', headers: {} },
      timestamp: 1,
      wallTime: 1,
      initiator: { type: 'other' },
      type: 'Document',
      frameId: FRAME,
      ...(redirectFrom !== undefined ? { redirectResponse: redirectFrom } : {})
    })
  }
  const commit = (id: string, url: string) => {
    t.emit('Network.responseReceived', {
      requestId: id,
      loaderId: id,
      timestamp: 2,
      type: 'Document',
      response: response(url, 200)
    })
    t.emit('Page.frameNavigated', { frame: { id: FRAME, url, loaderId: id } })
    t.emit('Page.lifecycleEvent', { frameId: FRAME, loaderId: id, name: 'load', timestamp: 3 })
  }
  return { t, tracker, request, commit }
}

describe('NavigationTracker', () => {
  it('records HTTP and client-side redirects in order, and the document that loaded last', () => {
    const { t, tracker, request, commit } = setup()
    request('L1', 'http://a.test/')
    request('L1', 'http://b.test/', response('http://a.test/', 301))
    commit('L1', 'http://b.test/')
    t.emit('Page.frameRequestedNavigation', {
      frameId: FRAME,
      reason: 'metaTagRefresh',
      url: 'http://c.test/'
    })
    request('L2', 'http://c.test/')
    expect(tracker.loadedOrFailed).toBe(false)
    commit('L2', 'http://c.test/')
    t.emit('Page.navigatedWithinDocument', { frameId: FRAME, url: 'http://c.test/#/feed' })
    expect(tracker.redirects).toEqual([
      { from: 'http://a.test/', to: 'http://b.test/', kind: 'http', status: 301 },
      { from: 'http://b.test/', to: 'http://c.test/', kind: 'meta-refresh' },
      { from: 'http://c.test/', to: 'http://c.test/#/feed', kind: 'same-document' }
    ])
    expect(tracker.loadedOrFailed).toBe(true)
    expect(tracker.failure).toBeUndefined()
    expect(tracker.committedUrl).toBe('http://c.test/#/feed')
  })

  it('reports the failure of the current navigation, not of one a newer one replaced', () => {
    const { t, tracker, request } = setup()
    request('L1', 'http://a.test/')
    request('L2', 'http://b.test/')
    const fail = (id: string, errorText: string, canceled: boolean) => {
      t.emit('Network.loadingFailed', {
        requestId: id,
        timestamp: 2,
        type: 'Document',
        errorText,
        canceled
      })
    }
    fail('L1', 'net::ERR_ABORTED', true)
    expect(tracker.failure).toBeUndefined()
    fail('L2', 'net::ERR_NAME_NOT_RESOLVED', false)
    expect(tracker.failure).toBe('net::ERR_NAME_NOT_RESOLVED')
    expect(tracker.loadedOrFailed).toBe(true)
  })

  it('after the freeze, records navigations and popups without following them', () => {
    const { t, tracker, request, commit } = setup()
    request('L1', 'http://a.test/')
    commit('L1', 'http://a.test/')
    tracker.freeze()
    request('L2', 'http://elsewhere.test/')
    t.emit('Page.windowOpen', { url: 'http://popup.test/', userGesture: false })
    expect(tracker.navigations.map((n) => n.requestId)).toEqual(['L1'])
    expect(tracker.redirects).toEqual([])
    expect(tracker.popups).toEqual(['http://popup.test/'])
    expect(tracker.navigatedAfterFreeze).toBe(false)
    t.emit('Page.frameNavigated', { frame: { id: FRAME, url: 'about:blank', loaderId: 'L3' } })
    expect(tracker.navigatedAfterFreeze).toBe(true)
  })

  it('waits for a meta refresh that is due before the deadline', () => {
    const { t, tracker } = setup()
    t.emit('Page.frameScheduledNavigation', {
      frameId: FRAME,
      delay: 1,
      reason: 'metaTagRefresh',
      url: 'http://b.test/'
    })
    expect(tracker.refreshDueBefore(performance.now() + 5000)).toBe(true)
    expect(tracker.refreshDueBefore(performance.now() + 100)).toBe(false)
    t.emit('Page.frameClearedScheduledNavigation', { frameId: FRAME })
    expect(tracker.refreshDueBefore(performance.now() + 5000)).toBe(false)
  })
})
