import type { CdpTransport } from '../ports/CdpTransport'
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
  return quietIn(net, ms) === 0
}

/**
 * Milliseconds until the network has been quiet for `ms` (no request in flight, none started
 * or finished): 0 when it has, Infinity while a request is in flight.
 */
function quietIn(net: NetworkLog, ms: number): number {
  if (net.inFlight > 0) return Infinity
  return Math.max(0, net.lastActivity + ms - performance.now())
}

export type Settled = 'loaded' | 'failed' | 'timeout'

export interface SettleLimits {
  /** ms of quiet needed when the network was busy at the load event or after it */
  quietMs: number
  /** ms after the load event when the network had been idle since before it */
  idleQuietMs: number
  /** the longest wait for quiet after each load, ms */
  settleMaxMs: number
}

/**
 * Follows the main frame until its current document has loaded and its network is quiet
 * with no refresh due, starting over whenever a client-side redirect begins (a meta
 * refresh, a script setting location). 'failed': the current navigation failed; 'timeout':
 * `deadline` (performance.now()) passed before the load event. Quiet is waited for at most
 * `settleMaxMs` after each load: pages that poll forever settle too.
 *
 * Quiet means `quietMs` without a request starting, running or ending. When nothing had been
 * in flight since before the load event, `idleQuietMs` after the load event will do: that
 * is long enough for the load handlers and the first frame after them to start a request or
 * a navigation, and one that starts turns the wait back into the full `quietMs`. The capture
 * keeps watching the network for `quietMs` after the load event through its scroll
 * (`waitForLateRequests`), so a request that starts later in that window is still waited
 * for; what the short window gives up is only following a navigation that starts then.
 */
export async function settlePage(
  nav: NavigationTracker,
  net: NetworkLog,
  signal: ChangeSignal,
  deadline: number,
  limits: SettleLimits
): Promise<Settled> {
  for (;;) {
    const done = await signal.until(() => nav.loadedOrFailed, deadline)
    if (nav.failure !== undefined) return 'failed'
    if (!done) return 'timeout'
    const count = nav.navigations.length
    const loadSeenAt = nav.current?.loadSeenAt ?? performance.now()
    const settleBy = performance.now() + limits.settleMaxMs
    for (;;) {
      if (nav.navigations.length !== count) break
      const left = quietAfterLoadIn(net, loadSeenAt, limits)
      const due = nav.refreshDueBefore(settleBy)
      const now = performance.now()
      if ((left === 0 && !due) || now >= settleBy) return 'loaded'
      // Events wake the wait; the timer is for quiet that comes with time alone.
      await signal.next(Math.min(settleBy - now, due ? POLL_MS : Math.min(left, POLL_MS)))
    }
  }
}

const POLL_MS = 25

/** Milliseconds until the document that loaded at `loadSeenAt` counts as settled. */
function quietAfterLoadIn(net: NetworkLog, loadSeenAt: number, limits: SettleLimits): number {
  // Strictly before: an event heard in the same instant as the load counts as after it.
  if (net.inFlight === 0 && net.lastActivity < loadSeenAt)
    return Math.max(0, loadSeenAt + limits.idleQuietMs - performance.now())
  return quietIn(net, limits.quietMs)
}

/**
 * After the scroll: waits until the network is quiet again when a request started after the
 * page settled (`startedBefore` is NetworkLog.started then) or is still running, at most
 * `maxMs`. Until `watchUntil` (performance.now(); the end of the settle window after the
 * load event) it watches for such a request first, so that a page which settled on the short
 * window loses nothing that starts inside the full one.
 */
export async function waitForLateRequests(
  net: NetworkLog,
  signal: ChangeSignal,
  startedBefore: number,
  limits: { watchUntil: number; quietMs: number; maxMs: number }
): Promise<void> {
  const busy = () => net.started > startedBefore || net.inFlight > 0
  if (!(await signal.until(busy, limits.watchUntil))) return
  await signal.until(() => networkQuiet(net, limits.quietMs), performance.now() + limits.maxMs)
}
