import { describe, expect, it } from 'vitest'
import type { TimestampAnchorPayload } from '../entry/Entry'
import { coverageLookup, coverageOf } from './anchorCoverage'

function anchor(seq: number, covered: number, genTime: string) {
  const payload = {
    action: 'timestamp',
    covered: { seq: covered, chain: 'ab'.repeat(32) },
    tokens: [{ authority: `https://tsa${seq % 3}.example/`, genTime, signer: `CN=TSA ${seq}` }]
  } as unknown as TimestampAnchorPayload
  return { seq, payload }
}

describe('coverageLookup', () => {
  it('finds for every entry the anchor coverageOf finds', () => {
    // Anchors covering heads out of order, two covering the same head.
    const anchors = [
      anchor(5, 4, '2026-03-01T10:00:00Z'),
      anchor(9, 8, '2026-03-02T10:00:00Z'),
      anchor(10, 4, '2026-03-03T10:00:00Z'),
      anchor(20, 19, '2026-03-04T10:00:00Z'),
      anchor(22, 12, '2026-03-05T10:00:00Z')
    ]
    const lookup = coverageLookup(anchors)
    for (let seq = 1; seq <= 25; seq++) expect(lookup(seq)).toEqual(coverageOf(seq, anchors))
    expect(lookup(21)).toBeNull()
    expect(coverageLookup([])(1)).toBeNull()
  })
})
