import type { CdpTransport } from './CdpTransport'
import { call } from './cdpTypes'
import type { ChangeSignal } from './ChangeSignal'
import type { NavigationTracker } from './NavigationTracker'
import type { NetworkLog } from './NetworkLog'

/**
 * Starts the navigation. Page.navigate answers only once the response has come (or never,
 * for a server that never answers), so the caller does not wait for it: the events tell.
 * Its own error (a DNS failure, a refused download, an unusable URL) is noted on `nav`.
 */
export async function navigate(
  transport: CdpTransport,
  url: string,
  nav: NavigationTracker
): Promise<void> {
  try {
    const result = await call(transport, 'Page.navigate', { url })
    if (result.isDownload === true)
      nav.navigateError = 'net::ERR_ABORTED (a file download, refused)'
    else if (result.errorText !== undefined && result.errorText !== '')
      nav.navigateError = result.errorText
  } catch (error) {
    nav.navigateError = error instanceof Error ? error.message : String(error)
  }
}

/** No request in flight, and none started or finished for `ms`. */
export function networkQuiet(net: NetworkLog, ms: number): boolean {
  return net.inFlight === 0 && performance.now() - net.lastActivity >= ms
}

export type Settled = 'loaded' | 'failed' | 'timeout'

/**
 * Follows the main frame until its current document has loaded and the network has been
 * quiet for `quietMs` with no refresh due, starting over whenever a client-side redirect
 * begins (a meta refresh, a script setting location). 'failed': the current navigation
 * failed; 'timeout': `deadline` (performance.now()) passed before the load event. Quiet is
 * waited for at most `settleMaxMs` after each load: pages that poll forever settle too.
 */
export async function settlePage(
  nav: NavigationTracker,
  net: NetworkLog,
  signal: ChangeSignal,
  deadline: number,
  limits: { quietMs: number; settleMaxMs: number }
): Promise<Settled> {
  for (;;) {
    const done = await signal.until(() => nav.loadedOrFailed, deadline)
    if (nav.failure !== undefined) return 'failed'
    if (!done) return 'timeout'
    const count = nav.navigations.length
    const settleBy = performance.now() + limits.settleMaxMs
    await signal.until(
      () =>
        nav.navigations.length !== count ||
        (networkQuiet(net, limits.quietMs) && !nav.refreshDueBefore(settleBy)),
      settleBy
    )
    if (nav.navigations.length === count) return 'loaded'
  }
}
