import type { CaptureOutcome } from '../entry/Entry'
import { unreachable } from '../errors/unreachable'

/**
 * Whether an address answered with its content (`up`), could not be reached or served
 * (`unavailable`: a DDoS, a block, an outage — it may come back by itself), or answered that
 * the content is not there (`gone`: removed, refused by order, or an error page in its place).
 */
export type Availability = 'up' | 'unavailable' | 'gone'

/**
 * Statuses that say the server or its path is overloaded or unreachable, not that the
 * content was removed: every 5xx, and 408 (request timeout) and 429 (too many requests),
 * which DDoS protections answer with.
 */
export function isUnavailableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429
}

/**
 * The availability a capture shows. Any other 4xx (404, 410, 451, but also 401 and 403: a
 * login wall or "forbidden" page in place of the content) reads as `gone`.
 */
export function captureAvailability(outcome: CaptureOutcome, status?: number): Availability {
  switch (outcome) {
    case 'captured':
      return 'up'
    case 'http-error':
      return status !== undefined && isUnavailableStatus(status) ? 'unavailable' : 'gone'
    case 'dns-error':
    case 'tls-error':
    case 'connection-error':
    case 'timeout':
    case 'load-error':
      return 'unavailable'
    // The server answered; the page then crashed or hung the browser. What the server said
    // decides, as for a page that loaded.
    case 'page-crashed':
    case 'page-unresponsive':
      if (status === undefined || isUnavailableStatus(status)) return 'unavailable'
      return status >= 400 ? 'gone' : 'up'
    default:
      throw unreachable(outcome)
  }
}
