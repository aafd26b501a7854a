import type { Session, WebContents } from 'electron'

/**
 * Stand-ins for the Electron objects the hardening code configures, for tests that run in
 * Node without the Electron binary. They record what was installed (handlers and listeners)
 * so a test can call it the way Electron would and read what it decided.
 */

type AnyListener = (...args: never[]) => unknown

/** An Electron-style event whose preventDefault is observable. */
export interface FakeEvent {
  url: string
  defaultPrevented: boolean
  preventDefault(): void
}

export function fakeEvent(url = ''): FakeEvent {
  const event: FakeEvent = {
    url,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true
    }
  }
  return event
}

class Listeners {
  private readonly byEvent = new Map<string, AnyListener[]>()

  add(event: string, listener: AnyListener): void {
    this.byEvent.set(event, [...(this.byEvent.get(event) ?? []), listener])
  }

  count(event: string): number {
    return this.byEvent.get(event)?.length ?? 0
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.byEvent.get(event) ?? []) {
      ;(listener as (...a: unknown[]) => unknown)(...args)
    }
  }
}

export class FakeWebContents {
  readonly listeners = new Listeners()
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  devToolsClosed = 0

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }

  on(event: string, listener: AnyListener): this {
    this.listeners.add(event, listener)
    return this
  }

  closeDevTools(): void {
    this.devToolsClosed += 1
  }

  /** What the installed handler answers for window.open(url) or a target=_blank link. */
  openWindow(url: string): string | undefined {
    return this.windowOpenHandler?.({ url }).action
  }

  /** Emits a navigation-like event and tells whether it was prevented. */
  navigate(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url: string): boolean {
    const e = fakeEvent(url)
    this.listeners.emit(event, e)
    return e.defaultPrevented
  }

  asWebContents(): WebContents {
    return this as unknown as WebContents
  }
}

type PermissionCallback = (granted: boolean) => void

export class FakeSession {
  readonly listeners = new Listeners()
  permissionRequestHandler:
    | ((
        contents: unknown,
        permission: string,
        callback: PermissionCallback,
        details: unknown
      ) => void)
    | null = null
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null
  devicePermissionHandler: ((details: unknown) => boolean) | null = null
  beforeRequest:
    | ((details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void)
    | null = null

  readonly webRequest = {
    onBeforeRequest: (
      listener: (
        details: { url: string },
        callback: (response: { cancel?: boolean }) => void
      ) => void
    ) => {
      this.beforeRequest = listener
    }
  }

  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler
  }

  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler
  }

  setDevicePermissionHandler(handler: FakeSession['devicePermissionHandler']): void {
    this.devicePermissionHandler = handler
  }

  on(event: string, listener: AnyListener): this {
    this.listeners.add(event, listener)
    return this
  }

  /** What the installed handler answers a page asking for `permission`. */
  requestPermission(permission: string): boolean | 'unanswered' {
    let answer: boolean | 'unanswered' = 'unanswered'
    this.permissionRequestHandler?.(
      {},
      permission,
      (granted) => {
        answer = granted
      },
      {}
    )
    return answer
  }

  /** Whether the installed before-request listener cancels a request to `url`. */
  cancels(url: string): boolean | 'unanswered' {
    let answer: boolean | 'unanswered' = 'unanswered'
    this.beforeRequest?.({ url }, (response) => {
      answer = response.cancel === true
    })
    return answer
  }

  download(): boolean {
    const event = fakeEvent()
    this.listeners.emit('will-download', event, {}, {})
    return event.defaultPrevented
  }

  asSession(): Session {
    return this as unknown as Session
  }
}
