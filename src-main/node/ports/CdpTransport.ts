/**
 * The one thing the capture engine needs from a browser: a Chrome DevTools Protocol session
 * attached to one page. Playwright's CDPSession (the CLI, the tests) and Electron's
 * `webContents.debugger` (the app) both fit it in a few lines, so the engine never knows
 * which browser it drives.
 */
export interface CdpTransport {
  /** Sends one command to the page's target and resolves with its result. */
  send(method: string, params?: Record<string, unknown>): Promise<unknown>
  /** Subscribes to one protocol event, e.g. "Network.requestWillBeSent". */
  on(event: string, handler: (params: unknown) => void): void
  /** Detaches and closes the page; the page's memory (cookies, cache) goes with it. */
  close(): Promise<void>
}

/**
 * Where pages to capture come from: a throwaway browser session that holds nothing of the
 * journalist's (no cookies, no logins) and writes no page content to disk.
 */
export interface CaptureBrowser {
  /** A new page in a fresh, isolated, in-memory session, with popups refused. */
  openPage(): Promise<CdpTransport>
  close(): Promise<void>
}
