import type { Entry, ProbeOutcome } from '../entry/Entry'
import { unreachable } from '../errors/unreachable'
import type { Availability } from './captureAvailability'
import { captureAvailability, isUnavailableStatus } from './captureAvailability'

/** One look at a URL: when, what was found, and which entry says so. */
export interface AvailabilityPoint {
  /** UTC ISO 8601: when the measurement started */
  at: string
  availability: Availability
  seq: number
  kind: 'probe' | 'web-capture'
  /** the stored outcome word (a probe's or a capture's) */
  outcome: string
  status?: number
}

/** A run of looks that all failed, from the first failure to the first success after it. */
export interface Outage {
  from: string
  /** the first look that succeeded again; absent while the outage lasts */
  to?: string
  /** milliseconds from `from` to `to`, or to the last failed look while it lasts */
  ms: number
  /** how many looks failed in it */
  failed: number
}

/**
 * How often a URL's looks failed, when, and the longest outage: what the report's summary and
 * the watch list both show.
 */
export interface FailureCounts {
  total: number
  failed: number
  /** failed / total, 0–1 */
  shareFailed: number
  firstFailure?: string
  lastFailure?: string
  longestOutage?: Outage
}

/** What a lawyer asks of a URL's record: how often it failed, when, and for how long. */
export interface AvailabilitySummary extends FailureCounts {
  url: string
  /** oldest first */
  points: AvailabilityPoint[]
  outages: Outage[]
  /** what the newest look found */
  current?: Availability
}

/** The availability a probe shows, by the same rule as a capture's (captureAvailability). */
export function probeAvailability(outcome: ProbeOutcome, status?: number): Availability {
  switch (outcome) {
    case 'ok':
      return 'up'
    case 'http-error':
      return status !== undefined && isUnavailableStatus(status) ? 'unavailable' : 'gone'
    case 'timeout':
    case 'refused':
    case 'reset':
    case 'dns-error':
    case 'tls-error':
      return 'unavailable'
    default:
      throw unreachable(outcome)
  }
}

/** The look an entry records, if it is a probe or a web capture (a recheck included). */
export function availabilityPoint(entry: Entry): { url: string; point: AvailabilityPoint } | null {
  const look =
    entry.kind === 'probe'
      ? {
          url: entry.payload.url,
          availability: probeAvailability(entry.payload.outcome, entry.payload.status),
          payload: entry.payload
        }
      : entry.kind === 'web-capture'
        ? {
            url: entry.payload.requestedUrl,
            availability: captureAvailability(entry.payload.outcome, entry.payload.status),
            payload: entry.payload
          }
        : null
  if (look === null) return null
  const { outcome, status, startedAt } = look.payload
  return {
    url: look.url,
    point: {
      at: startedAt,
      availability: look.availability,
      seq: entry.seq,
      kind: entry.kind === 'probe' ? 'probe' : 'web-capture',
      outcome,
      ...(status !== undefined ? { status } : {})
    }
  }
}

/** One URL's looks summarised: failures, outages, the share that failed. */
export function summariseAvailability(
  url: string,
  looks: readonly AvailabilityPoint[]
): AvailabilitySummary {
  const points = [...looks].sort((a, b) => a.at.localeCompare(b.at) || a.seq - b.seq)
  const outages: Outage[] = []
  let open: { from: string; last: string; failed: number } | null = null
  const ms = (from: string, to: string) => Math.max(0, Date.parse(to) - Date.parse(from))
  for (const point of points) {
    if (point.availability === 'up') {
      if (open !== null)
        outages.push({
          from: open.from,
          to: point.at,
          ms: ms(open.from, point.at),
          failed: open.failed
        })
      open = null
    } else if (open === null) open = { from: point.at, last: point.at, failed: 1 }
    else {
      open.last = point.at
      open.failed += 1
    }
  }
  if (open !== null)
    outages.push({ from: open.from, ms: ms(open.from, open.last), failed: open.failed })
  const failedPoints = points.filter((p) => p.availability !== 'up')
  let longest: Outage | undefined
  for (const outage of outages)
    if (longest === undefined || outage.ms > longest.ms) longest = outage
  const first = failedPoints[0]
  const last = failedPoints[failedPoints.length - 1]
  const current = points[points.length - 1]?.availability
  return {
    url,
    points,
    total: points.length,
    failed: failedPoints.length,
    shareFailed: points.length === 0 ? 0 : failedPoints.length / points.length,
    ...(first !== undefined ? { firstFailure: first.at } : {}),
    ...(last !== undefined ? { lastFailure: last.at } : {}),
    ...(longest !== undefined ? { longestOutage: longest } : {}),
    outages,
    ...(current !== undefined ? { current } : {})
  }
}

/**
 * Every URL that probes or captures looked at, summarised, in the order each URL was first
 * looked at. `entries` may be in any order; withdrawn entries are simply not passed.
 */
export function summariseByUrl(entries: readonly Entry[]): AvailabilitySummary[] {
  const byUrl = new Map<string, AvailabilityPoint[]>()
  for (const entry of [...entries].sort((a, b) => a.seq - b.seq)) {
    const found = availabilityPoint(entry)
    if (found === null) continue
    const list = byUrl.get(found.url) ?? []
    list.push(found.point)
    byUrl.set(found.url, list)
  }
  return [...byUrl].map(([url, points]) => summariseAvailability(url, points))
}
