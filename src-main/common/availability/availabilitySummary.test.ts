import { describe, expect, it } from 'vitest'
import type { Availability } from './captureAvailability'
import { probeAvailability, summariseAvailability } from './availabilitySummary'
import type { AvailabilityPoint } from './availabilitySummary'

const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 9, minute)).toISOString()
const look = (minute: number, availability: Availability, seq = minute): AvailabilityPoint => ({
  at: at(minute),
  availability,
  seq,
  kind: 'probe',
  outcome: availability === 'up' ? 'ok' : 'timeout'
})

describe('summariseAvailability', () => {
  it('finds the first and last failure, the longest outage and the share failed', () => {
    const s = summariseAvailability('https://example.kz/', [
      look(0, 'up'),
      look(5, 'unavailable'),
      look(10, 'up'),
      look(15, 'unavailable'),
      look(20, 'unavailable'),
      look(25, 'gone'),
      look(30, 'up'),
      look(35, 'up')
    ])
    expect(s).toMatchObject({
      total: 8,
      failed: 4,
      shareFailed: 0.5,
      firstFailure: at(5),
      lastFailure: at(25),
      current: 'up',
      longestOutage: { from: at(15), to: at(30), ms: 15 * 60_000, failed: 3 }
    })
    expect(s.outages).toHaveLength(2)
    expect(s.outages[0]).toEqual({ from: at(5), to: at(10), ms: 5 * 60_000, failed: 1 })
  })

  it('keeps an outage that still lasts open, measured to its last failed look', () => {
    const s = summariseAvailability('u', [
      look(20, 'unavailable'),
      look(0, 'up'),
      look(10, 'unavailable')
    ])
    expect(s.points.map((p) => p.at)).toEqual([at(0), at(10), at(20)])
    expect(s.current).toBe('unavailable')
    expect(s.longestOutage).toEqual({ from: at(10), ms: 10 * 60_000, failed: 2 })
  })

  it('reports a URL that never failed with no failures and no outage', () => {
    const s = summariseAvailability('u', [look(0, 'up'), look(1, 'up')])
    expect(s).toMatchObject({ total: 2, failed: 0, shareFailed: 0, outages: [] })
    expect(s.firstFailure).toBeUndefined()
    expect(s.longestOutage).toBeUndefined()
    expect(summariseAvailability('u', []).shareFailed).toBe(0)
  })

  it('calls a 503 unavailable and a 404 gone, like a recheck does', () => {
    expect(probeAvailability('http-error', 503)).toBe('unavailable')
    expect(probeAvailability('http-error', 404)).toBe('gone')
    expect(probeAvailability('reset')).toBe('unavailable')
    expect(probeAvailability('ok', 200)).toBe('up')
  })
})
