import { describe, expect, it } from 'vitest'
import { DalelError } from '../common/errors/DalelError'
import { CDP_VERSION, debuggerTransport, electronCaptureBrowser } from './electronCaptureBrowser'
import type { CaptureWindowLike, DebuggerLike } from './electronCaptureBrowser'

type MessageListener = (
  event: unknown,
  method: string,
  params: unknown,
  sessionId: string | undefined
) => void
type DetachListener = (event: unknown, reason: string) => void

/** webContents.debugger as Electron behaves: commands answered by `respond`, events by hand. */
class FakeDebugger implements DebuggerLike {
  attachedWith: string | undefined | null = null
  detachCalls = 0
  sent: { method: string; params: Record<string, unknown> | undefined }[] = []
  attachError: Error | null = null
  private readonly messageListeners: MessageListener[] = []
  private readonly detachListeners: DetachListener[] = []

  constructor(private readonly respond: (method: string) => unknown = () => ({})) {}

  attach(protocolVersion?: string): void {
    if (this.attachError !== null) throw this.attachError
    this.attachedWith = protocolVersion
  }

  detach(): void {
    this.detachCalls += 1
    this.attachedWith = null
  }

  isAttached(): boolean {
    return this.attachedWith !== null
  }

  sendCommand(method: string, params?: Record<string, unknown>): Promise<unknown> {
    this.sent.push({ method, params })
    if (!this.isAttached()) return Promise.reject(new Error('No target with given id found'))
    return Promise.resolve(this.respond(method))
  }

  on(event: 'message', listener: MessageListener): this
  on(event: 'detach', listener: DetachListener): this
  on(event: 'message' | 'detach', listener: MessageListener | DetachListener): this {
    if (event === 'message') this.messageListeners.push(listener)
    else this.detachListeners.push(listener as DetachListener)
    return this
  }

  message(method: string, params: unknown, sessionId?: string): void {
    for (const listener of this.messageListeners) listener({}, method, params, sessionId)
  }

  detachedBy(reason: string): void {
    this.attachedWith = null
    for (const listener of this.detachListeners) listener({}, reason)
  }
}

class FakeWindow implements CaptureWindowLike {
  destroyed = 0
  constructor(readonly webContents: { readonly debugger: FakeDebugger }) {}

  destroy(): void {
    this.destroyed += 1
  }

  isDestroyed(): boolean {
    return this.destroyed > 0
  }
}

describe('debuggerTransport', () => {
  it('sends commands through the debugger and resolves with their results', async () => {
    const dbg = new FakeDebugger((method) =>
      method === 'Browser.getVersion' ? { product: 'Chrome/146.0.0.0' } : {}
    )
    dbg.attach(CDP_VERSION)
    const transport = debuggerTransport(dbg, () => undefined)
    expect(await transport.send('Browser.getVersion')).toEqual({ product: 'Chrome/146.0.0.0' })
    await transport.send('Page.navigate', { url: 'https://example.org/' })
    expect(dbg.sent).toEqual([
      { method: 'Browser.getVersion', params: undefined },
      { method: 'Page.navigate', params: { url: 'https://example.org/' } }
    ])
  })

  it('delivers each event to the handlers of its method only, from the page target only', () => {
    const dbg = new FakeDebugger()
    dbg.attach(CDP_VERSION)
    const transport = debuggerTransport(dbg, () => undefined)
    const loads: unknown[] = []
    const requests: unknown[] = []
    transport.on('Page.loadEventFired', (p) => loads.push(p))
    transport.on('Network.requestWillBeSent', (p) => requests.push(p))
    transport.on('Network.requestWillBeSent', (p) => requests.push(p))
    dbg.message('Page.loadEventFired', { timestamp: 1 }, '')
    dbg.message('Network.requestWillBeSent', { requestId: 'a' })
    dbg.message('Network.requestWillBeSent', { requestId: 'iframe' }, 'CHILD-SESSION')
    dbg.message('Runtime.consoleAPICalled', { type: 'log' }, '')
    expect(loads).toEqual([{ timestamp: 1 }])
    expect(requests).toEqual([{ requestId: 'a' }, { requestId: 'a' }])
  })

  it('fails every command with browser-unavailable once the window is closed under it', async () => {
    const dbg = new FakeDebugger()
    dbg.attach(CDP_VERSION)
    const transport = debuggerTransport(dbg, () => undefined)
    dbg.detachedBy('target closed')
    const error: unknown = await transport.send('Page.captureScreenshot').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DalelError)
    expect((error as DalelError).code).toBe('browser-unavailable')
    expect((error as DalelError).params).toEqual({ detail: 'target closed' })
    expect(dbg.sent).toEqual([])
  })

  it('turns a command cut off by the window closing into browser-unavailable', async () => {
    const dbg = new FakeDebugger()
    dbg.attach(CDP_VERSION)
    dbg.sendCommand = (method) => {
      dbg.sent.push({ method, params: undefined })
      dbg.detachedBy('target closed')
      return Promise.reject(new Error('Target closed'))
    }
    const transport = debuggerTransport(dbg, () => undefined)
    const error: unknown = await transport.send('Page.captureSnapshot').catch((e: unknown) => e)
    expect((error as DalelError).code).toBe('browser-unavailable')
  })

  it('passes protocol errors of a live page through unchanged', async () => {
    const dbg = new FakeDebugger()
    const transport = debuggerTransport(dbg, () => undefined)
    const error: unknown = await transport.send('Page.enable').catch((e: unknown) => e)
    expect(error).not.toBeInstanceOf(DalelError)
    expect(String(error)).toContain('No target')
  })

  it('detaches and disposes once on close, and refuses commands afterwards', async () => {
    const dbg = new FakeDebugger()
    dbg.attach(CDP_VERSION)
    let disposed = 0
    const transport = debuggerTransport(dbg, () => {
      disposed += 1
    })
    await transport.close()
    await transport.close()
    expect(dbg.detachCalls).toBe(1)
    expect(disposed).toBe(1)
    await expect(transport.send('Page.enable')).rejects.toBeInstanceOf(DalelError)
  })
})

describe('electronCaptureBrowser', () => {
  function opener() {
    const windows: FakeWindow[] = []
    const open = () => {
      const window = new FakeWindow({ debugger: new FakeDebugger() })
      windows.push(window)
      return Promise.resolve(window)
    }
    return { windows, open }
  }

  it('opens a new capture window per page and attaches its debugger at protocol 1.3', async () => {
    const { windows, open } = opener()
    const browser = electronCaptureBrowser(open)
    const page = await browser.openPage()
    await browser.openPage()
    expect(windows).toHaveLength(2)
    expect(windows[0]?.webContents.debugger.attachedWith).toBe('1.3')
    await page.close()
    expect(windows[0]?.destroyed).toBe(1)
    expect(windows[1]?.destroyed).toBe(0)
  })

  it('closes the windows still open when the browser closes (the vault locked)', async () => {
    const { windows, open } = opener()
    const browser = electronCaptureBrowser(open)
    const first = await browser.openPage()
    await browser.openPage()
    await first.close()
    await browser.close()
    expect(windows.map((w) => w.destroyed)).toEqual([1, 1])
  })

  it('destroys the window and reports browser-unavailable when the debugger is taken', async () => {
    const window = new FakeWindow({ debugger: new FakeDebugger() })
    window.webContents.debugger.attachError = new Error('Another debugger is already attached')
    const browser = electronCaptureBrowser(() => Promise.resolve(window))
    const error: unknown = await browser.openPage().catch((e: unknown) => e)
    expect((error as DalelError).code).toBe('browser-unavailable')
    expect(window.destroyed).toBe(1)
  })
})
