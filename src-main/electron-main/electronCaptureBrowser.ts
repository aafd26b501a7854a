import { DalelError } from '../common/errors/DalelError'
import type { CaptureBrowser, CdpTransport } from '../node/ports/CdpTransport'

/** The parts of Electron's `webContents.debugger` the transport uses; tests pass a fake. */
export interface DebuggerLike {
  attach(protocolVersion?: string): void
  detach(): void
  isAttached(): boolean
  sendCommand(method: string, commandParams?: Record<string, unknown>): Promise<unknown>
  on(
    event: 'message',
    listener: (
      event: unknown,
      method: string,
      params: unknown,
      sessionId: string | undefined
    ) => void
  ): unknown
  on(event: 'detach', listener: (event: unknown, reason: string) => void): unknown
}

/** A capture window as the capture browser needs it. */
export interface CaptureWindowLike {
  readonly webContents: { readonly debugger: DebuggerLike }
  destroy(): void
  isDestroyed(): boolean
}

/** The DevTools protocol version Electron's debugger speaks. */
export const CDP_VERSION = '1.3'

/**
 * The capture engine's transport over Electron's `webContents.debugger` (DESIGN "Web
 * capture": one engine, two transports). Events of the page's own target only (no child
 * sessions); once the debugger is detached — the journalist closed the window, or DevTools
 * took it over — every command fails with `browser-unavailable` instead of hanging.
 * @param dispose closes the window; called once, by close()
 */
export function debuggerTransport(dbg: DebuggerLike, dispose: () => void): CdpTransport {
  const handlers = new Map<string, ((params: unknown) => void)[]>()
  let detachedBecause: string | null = null
  let closed = false
  // Read through a function: the 'detach' listener changes it while a command is awaited.
  const detached = (): string | null => detachedBecause

  dbg.on('message', (_event, method, params, sessionId) => {
    // Child targets' events (out-of-process iframes, workers) carry a session id; the
    // engine follows the page's own target only.
    if (sessionId) return
    for (const handler of handlers.get(method) ?? []) handler(params)
  })
  dbg.on('detach', (_event, reason) => {
    detachedBecause = reason === '' ? 'detached' : reason
  })

  return {
    async send(method, params) {
      const before = detached()
      if (before !== null || closed)
        throw new DalelError('browser-unavailable', { detail: before ?? 'closed' })
      try {
        return await dbg.sendCommand(method, params)
      } catch (error) {
        const reason = detached()
        if (reason !== null)
          throw new DalelError('browser-unavailable', { detail: reason }, { cause: error })
        throw error
      }
    },
    on(event, handler) {
      handlers.set(event, [...(handlers.get(event) ?? []), handler])
    },
    close() {
      if (closed) return Promise.resolve()
      closed = true
      handlers.clear()
      try {
        if (dbg.isAttached()) dbg.detach()
      } finally {
        dispose()
      }
      return Promise.resolve()
    }
  }
}

/**
 * Pages to capture, each in a new capture window of the persistent capture session (where
 * the journalist's logins live), driven through its debugger. Closing the browser closes
 * every window it opened that is still open.
 * @param openWindow makes a capture window that has finished loading about:blank
 */
export function electronCaptureBrowser(
  openWindow: () => Promise<CaptureWindowLike>
): CaptureBrowser {
  const open = new Set<CaptureWindowLike>()
  const destroy = (window: CaptureWindowLike) => {
    open.delete(window)
    if (!window.isDestroyed()) window.destroy()
  }
  return {
    async openPage() {
      const window = await openWindow()
      open.add(window)
      const dbg = window.webContents.debugger
      try {
        dbg.attach(CDP_VERSION)
      } catch (error) {
        destroy(window)
        const detail = error instanceof Error ? error.message : String(error)
        throw new DalelError('browser-unavailable', { detail }, { cause: error })
      }
      return debuggerTransport(dbg, () => {
        destroy(window)
      })
    },
    close() {
      for (const window of [...open]) destroy(window)
      return Promise.resolve()
    }
  }
}
