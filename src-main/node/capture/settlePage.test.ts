import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ChangeSignal } from './ChangeSignal'
import { FakeCdpTransport } from './FakeCdpTransport'
import { NavigationTracker } from './NavigationTracker'
import { NetworkLog } from './NetworkLog'
import { settlePage, waitForLateRequests } from './settlePage'
import type { Settled } from './settlePage'

const FRAME = 'F'
const LIMITS = { quietMs: 150, idleQuietMs: 50, settleMaxMs: 5000 }

function setup() {
  const t = new FakeCdpTransport()
  const signal = new ChangeSignal()
  const notify = () => {
    signal.notify()
  }
  const nav = new NavigationTracker(t, notify)
  nav.mainFrameId = FRAME
  const net = new NetworkLog(t, notify)
  const start = (id: string, url: string, type = 'Image') => {
    t.emit('Network.requestWillBeSent', {
      requestId: id,
      loaderId: type === 'Document' ? id : 'L1',
      documentURL: url,
      request: { url, method: 'GET', headers: {} },
      timestamp: 1,
      wallTime: 1,
      initiator: { type: 'other' },
      type,
      frameId: FRAME
    })
  }
  const finish = (id: string) => {
    t.emit('Network.loadingFinished', { requestId: id, timestamp: 2, encodedDataLength: 10 })
  }
  const load = () => {
    t.emit('Page.lifecycleEvent', { frameId: FRAME, loaderId: 'L1', name: 'load', timestamp: 3 })
  }
  /** Starts settling; `elapsed()` says when it ended, in fake ms since the call. */
  const settle = () => {
    const began = performance.now()
    let ended: { at: number; settled: Settled } | undefined
    const run = async () => {
      const settled = await settlePage(nav, net, signal, began + 30_000, LIMITS)
      ended = { at: performance.now() - began, settled }
    }
    const done = run()
    return { done, ended: () => ended }
  }
  // The document itself: requested, answered, finished.
  start('L1', 'http://a.test/', 'Document')
  t.emit('Network.responseReceived', {
    requestId: 'L1',
    loaderId: 'L1',
    timestamp: 2,
    type: 'Document',
    response: {
      url: 'http://a.test/',
      status: 200,
      statusText: '',
      headers: {},
      mimeType: 'text/html',
      encodedDataLength: 0
    }
  })
  t.emit('Page.frameNavigated', { frame: { id: FRAME, url: 'http://a.test/', loaderId: 'L1' } })
  finish('L1')
  return { nav, net, signal, start, finish, load, settle }
}

describe('settlePage', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('settles the short window after the load event when the network was idle before it', async () => {
    const { load, settle } = setup()
    await vi.advanceTimersByTimeAsync(30)
    const s = settle()
    load()
    await vi.advanceTimersByTimeAsync(49)
    expect(s.ended()).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(s.ended()).toEqual({ at: 50, settled: 'loaded' })
    await s.done
  })

  it('waits the full quiet window when a request starts after the load event', async () => {
    const { load, start, finish, settle } = setup()
    const s = settle()
    load()
    await vi.advanceTimersByTimeAsync(40)
    start('R1', 'http://a.test/late.json', 'Fetch')
    await vi.advanceTimersByTimeAsync(100)
    finish('R1')
    await vi.advanceTimersByTimeAsync(149)
    expect(s.ended()).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(s.ended()).toEqual({ at: 290, settled: 'loaded' })
    await s.done
  })

  it('waits for a request still running at the load event, then the full quiet window', async () => {
    const { load, start, finish, settle } = setup()
    start('R1', 'http://a.test/slow.png')
    const s = settle()
    load()
    await vi.advanceTimersByTimeAsync(500)
    expect(s.ended()).toBeUndefined()
    finish('R1')
    await vi.advanceTimersByTimeAsync(150)
    expect(s.ended()).toEqual({ at: 650, settled: 'loaded' })
    await s.done
  })

  it('gives up on quiet settleMaxMs after the load event on a page that polls forever', async () => {
    const { load, start, settle } = setup()
    start('R1', 'http://a.test/stream')
    const s = settle()
    load()
    await vi.advanceTimersByTimeAsync(5000)
    expect(s.ended()).toEqual({ at: 5000, settled: 'loaded' })
    await s.done
  })
})

describe('waitForLateRequests', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('waits for a request that starts before the watch ends, until the network is quiet', async () => {
    const { net, signal, start, finish } = setup()
    const began = performance.now()
    let ended: number | undefined
    const run = async () => {
      await waitForLateRequests(net, signal, net.started, {
        watchUntil: began + 100,
        quietMs: 200,
        maxMs: 3000
      })
      ended = performance.now() - began
    }
    const done = run()
    await vi.advanceTimersByTimeAsync(80)
    start('R1', 'http://a.test/lazy.png')
    await vi.advanceTimersByTimeAsync(300)
    expect(ended).toBeUndefined()
    finish('R1')
    await vi.advanceTimersByTimeAsync(225)
    expect(ended).toBeGreaterThanOrEqual(580)
    await done
  })

  it('returns when the watch ends and nothing started', async () => {
    const { net, signal } = setup()
    const began = performance.now()
    const done = waitForLateRequests(net, signal, net.started, {
      watchUntil: began + 100,
      quietMs: 200,
      maxMs: 3000
    })
    let ended = false
    const watch = async () => {
      await done
      ended = true
    }
    const watching = watch()
    await vi.advanceTimersByTimeAsync(99)
    expect(ended).toBe(false)
    await vi.advanceTimersByTimeAsync(26)
    expect(ended).toBe(true)
    await watching
  })
})
