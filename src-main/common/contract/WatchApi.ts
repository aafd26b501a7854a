import type { AvailabilityPoint, FailureCounts, Outage } from '../availability/availabilitySummary'
import type { Availability } from '../availability/captureAvailability'

// The watch list as the page sees it (DalelApi `watchList`, `watchHistory`, `watchProbe`).

/** A watched address with what its record says so far. */
export interface WatchItemView extends FailureCounts {
  url: string
  everySeconds: number
  /** what the newest probe or capture of it found; absent before the first */
  current?: Availability
  /** UTC ISO: when the newest look started */
  lastAt?: string
}

/** One address's history: every probe and capture of it, newest first, and its outages. */
export interface WatchHistoryView extends WatchItemView {
  /** newest first, at most `limit` of them (`total` counts them all) */
  points: AvailabilityPoint[]
  outages: Outage[]
  /** whether it is on the watch list now (a history outlives its removal) */
  watched: boolean
}

/** A watched address was probed; `before` is set when its state changed with this probe. */
export interface WatchProbeEvent {
  url: string
  seq: number
  after: Availability
  before?: Availability
}
