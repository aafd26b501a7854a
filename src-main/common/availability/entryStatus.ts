import type { Entry, RecheckOutcome } from '../entry/Entry'
import { probeAvailability } from './availabilitySummary'
import { captureAvailability } from './captureAvailability'

/** The badge an entry list shows for a web capture or a probe: what it found about its page. */
export interface EntryStatus {
  /** `up` only for a probe: a capture that went through says so by itself */
  status: RecheckOutcome | 'up'
  /** for `restored`: the seq of the earlier capture the page matches again */
  seq?: number
}

/**
 * What a list shows beside a web capture: a recheck's verdict, or for a first capture that
 * failed, whether the page was unavailable or gone. A first capture that went through, and
 * every other kind but probes, show nothing. A probe shows what it found, up included: a
 * probe exists only to say that.
 */
export function entryStatus(entry: Entry | null): EntryStatus | null {
  if (entry?.kind === 'probe')
    return { status: probeAvailability(entry.payload.outcome, entry.payload.status) }
  if (entry?.kind !== 'web-capture') return null
  const p = entry.payload
  if (p.recheck !== undefined) {
    return p.recheck.restoredFrom !== undefined
      ? { status: p.recheck.outcome, seq: p.recheck.restoredFrom.seq }
      : { status: p.recheck.outcome }
  }
  const availability = captureAvailability(p.outcome, p.status)
  return availability === 'up' ? null : { status: availability }
}
