import type { RedirectKind, WebRedirect } from '../../common/entry/Entry'
import type { CdpTransport } from '../ports/CdpTransport'
import type { CdpResponse } from './cdpTypes'
import { onEvent } from './cdpTypes'

/** One document the main frame set out to load; HTTP redirects stay within it. */
export interface MainNavigation {
  /** the navigation's request id, which is also its loader id */
  requestId: string
  url: string
  response?: CdpResponse
  failure?: { errorText: string; canceled: boolean }
  /** monotonic seconds */
  domContentLoaded?: number
  load?: number
  /** performance.now() when the engine heard of the load event (the clock of NetworkLog) */
  loadSeenAt?: number
}

const REASONS: Readonly<Record<string, RedirectKind>> = {
  metaTagRefresh: 'meta-refresh',
  httpHeaderRefresh: 'refresh-header',
  scriptInitiated: 'script'
}

/**
 * Follows the main frame from the requested URL to the document that is captured: every
 * HTTP and client-side redirect, the final response, load, and — once frozen — every
 * navigation the page attempts afterwards, and every window it tries to open.
 */
export class NavigationTracker {
  mainFrameId = ''
  readonly navigations: MainNavigation[] = []
  readonly redirects: WebRedirect[] = []
  readonly popups: string[] = []
  /** the URL of the document now in the main frame */
  committedUrl: string | undefined
  /** set when Page.navigate itself reports an error (no request may ever start) */
  navigateError: string | undefined
  /** a document replaced after the freeze without going through the network */
  navigatedAfterFreeze = false
  private frozen = false
  private requestedReason: RedirectKind | undefined
  /** a meta refresh or Refresh header due at this monotonic time (performance.now()) */
  private scheduledAt: number | undefined

  constructor(
    transport: CdpTransport,
    private readonly onChange: () => void
  ) {
    onEvent(transport, 'Network.requestWillBeSent', (e) => {
      if (e.type !== 'Document' || e.frameId !== this.mainFrameId || e.requestId !== e.loaderId)
        return
      const current = this.current
      if (current?.requestId === e.requestId) {
        if (e.redirectResponse !== undefined) {
          this.redirects.push({
            from: e.redirectResponse.url,
            to: e.request.url,
            kind: 'http',
            status: e.redirectResponse.status
          })
          current.url = e.request.url
        }
      } else if (!this.frozen) {
        if (current !== undefined) {
          this.redirects.push({
            from: this.committedUrl ?? current.url,
            to: e.request.url,
            kind: this.requestedReason ?? 'other'
          })
        }
        this.navigations.push({ requestId: e.requestId, url: e.request.url })
      }
      this.requestedReason = undefined
      this.scheduledAt = undefined
      this.onChange()
    })
    onEvent(transport, 'Network.responseReceived', (e) => {
      const navigation = this.byId(e.requestId)
      if (navigation !== undefined) navigation.response = e.response
    })
    onEvent(transport, 'Network.loadingFailed', (e) => {
      const navigation = this.byId(e.requestId)
      if (navigation === undefined) return
      navigation.failure = { errorText: e.errorText, canceled: e.canceled === true }
      this.onChange()
    })
    onEvent(transport, 'Page.lifecycleEvent', (e) => {
      if (e.frameId !== this.mainFrameId) return
      const navigation = this.byId(e.loaderId)
      if (navigation === undefined) return
      if (e.name === 'DOMContentLoaded') navigation.domContentLoaded = e.timestamp
      if (e.name === 'load') {
        navigation.load = e.timestamp
        navigation.loadSeenAt = performance.now()
      }
      this.onChange()
    })
    onEvent(transport, 'Page.frameNavigated', (e) => {
      if (e.frame.parentId !== undefined || e.frame.id !== this.mainFrameId) return
      if (this.frozen) this.navigatedAfterFreeze = true
      this.committedUrl = e.frame.url
      this.onChange()
    })
    onEvent(transport, 'Page.navigatedWithinDocument', (e) => {
      if (e.frameId !== this.mainFrameId || e.url === this.committedUrl) return
      if (!this.frozen && this.committedUrl !== undefined)
        this.redirects.push({ from: this.committedUrl, to: e.url, kind: 'same-document' })
      this.committedUrl = e.url
    })
    onEvent(transport, 'Page.frameRequestedNavigation', (e) => {
      if (e.frameId === this.mainFrameId) this.requestedReason = REASONS[e.reason] ?? 'other'
    })
    onEvent(transport, 'Page.frameScheduledNavigation', (e) => {
      if (e.frameId === this.mainFrameId) this.scheduledAt = performance.now() + e.delay * 1000
    })
    onEvent(transport, 'Page.frameClearedScheduledNavigation', (e) => {
      if (e.frameId === this.mainFrameId) this.scheduledAt = undefined
    })
    onEvent(transport, 'Page.windowOpen', (e) => {
      this.popups.push(e.url)
    })
  }

  get current(): MainNavigation | undefined {
    return this.navigations.at(-1)
  }

  private byId(requestId: string): MainNavigation | undefined {
    return this.navigations.find((n) => n.requestId === requestId)
  }

  /** The current document has loaded, or its navigation failed (and nothing replaced it). */
  get loadedOrFailed(): boolean {
    const current = this.current
    return current?.load !== undefined || this.failure !== undefined
  }

  /** Why the current navigation failed; a navigation cancelled by a newer one did not fail. */
  get failure(): string | undefined {
    const current = this.current
    if (current?.failure !== undefined && current.response === undefined)
      return current.failure.errorText
    // Page.navigate's own error counts until a document is in place (a refused download
    // has a response but never commits).
    return this.committedUrl === undefined ? this.navigateError : undefined
  }

  /** A refresh is due before `deadline`: settling should wait for it. */
  refreshDueBefore(deadline: number): boolean {
    return this.scheduledAt !== undefined && this.scheduledAt <= deadline
  }

  /**
   * From here on the captured document stays: later main-frame navigations are not
   * followed (the engine's Fetch handler stops them) and only recorded.
   */
  freeze(): void {
    this.frozen = true
  }
}
