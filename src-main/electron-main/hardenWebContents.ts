import type { Session, WebContents } from 'electron'
import { isAppPageUrl } from './appOrigin'

/** How the app opens a link in the system browser: only after the journalist agrees. */
export interface ExternalLinks {
  /** shows the address and asks; true to open it */
  confirm(url: string): Promise<boolean>
  /** shell.openExternal */
  open(url: string): Promise<void>
  /** a dialog or the browser failed: logged, never shown to the page */
  onError?: (error: unknown) => void
}

/**
 * The address to offer the system browser, or null. Only http and https: `file:`, `smb:`,
 * `javascript:` or a custom handler such as `ms-msdt:` would let a link in untrusted evidence
 * run something on the journalist's machine. Addresses with credentials are refused too (a
 * classic way to disguise the host in the confirmation).
 */
export function externalLinkTarget(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null
  if (parsed.username !== '' || parsed.password !== '') return null
  return parsed.href
}

/**
 * Offers external links one at a time: while a confirmation is open, further links are
 * dropped, so a hostile page cannot bury the journalist in dialogs.
 */
export class ExternalLinkGate {
  private busy = false

  constructor(private readonly links: ExternalLinks) {}

  /** Resolves when the offer is settled; true when the browser was asked to open it. */
  async offer(url: string): Promise<boolean> {
    const target = externalLinkTarget(url)
    if (target === null || this.busy) return false
    this.busy = true
    try {
      if (!(await this.links.confirm(target))) return false
      await this.links.open(target)
      return true
    } catch (error) {
      this.links.onError?.(error)
      return false
    } finally {
      this.busy = false
    }
  }
}

/** Shared by every web contents: no pop-up windows and no <webview>. */
function refuseWindowsAndWebviews(
  contents: WebContents,
  onWindowOpen: (url: string) => void
): void {
  contents.setWindowOpenHandler(({ url }) => {
    onWindowOpen(url)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
  })
}

/**
 * The app's own windows: no pop-ups, no navigation away from the bundled UI (a link to the
 * web is offered to the system browser after a confirmation), no <webview>, and no
 * DevTools in a packaged app (webPreferences.devTools is false there too; this closes them
 * should anything open them anyway).
 */
export function hardenAppContents(
  contents: WebContents,
  gate: ExternalLinkGate,
  options: { devTools: boolean }
): void {
  const offer = (url: string) => {
    void gate.offer(url)
  }
  refuseWindowsAndWebviews(contents, offer)
  contents.on('will-navigate', (event) => {
    // The page may reload itself (to clear its state on lock); any other address is not ours.
    if (isAppPageUrl(event.url)) return
    event.preventDefault()
    offer(event.url)
  })
  contents.on('will-redirect', (event) => {
    event.preventDefault()
  })
  if (!options.devTools) {
    contents.on('devtools-opened', () => {
      contents.closeDevTools()
    })
  }
}

/**
 * The capture window browses the web (the journalist logs in there, and pages redirect), so
 * navigation stays allowed; pop-ups and <webview> are refused, and nothing it opens reaches
 * the system browser.
 */
export function hardenCaptureContents(contents: WebContents): void {
  refuseWindowsAndWebviews(contents, () => undefined)
}

/** Schemes the app's own session never loads: the UI is bundled and served from app://. */
const REMOTE_OR_DISK = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:'])

/** Whether the app's session must cancel a request to `url` (defence behind the CSP). */
export function isForbiddenAppRequest(url: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(url)?.[1]?.toLowerCase()
  return scheme === undefined || REMOTE_OR_DISK.has(scheme)
}

/**
 * Every session: no permission is ever granted (camera, microphone, notifications,
 * geolocation, clipboard reading, USB, HID, serial…), and no download lands on the disk —
 * a download would be plaintext evidence outside the vault.
 */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false)
  })
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
  session.on('will-download', (event) => {
    event.preventDefault()
  })
}

/**
 * The app's own session in addition: every request to the network or to file:// is
 * cancelled before it leaves, whatever the page's CSP says.
 */
export function hardenAppSession(session: Session): void {
  hardenSession(session)
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: isForbiddenAppRequest(details.url) })
  })
}
