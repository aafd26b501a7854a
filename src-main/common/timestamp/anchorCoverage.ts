import type { AnchorToken, Entry, TimestampAnchorPayload } from '../entry/Entry'

/** The earliest trusted time an entry is vouched for: the first anchor that covers it. */
export interface Coverage {
  /** the anchor entry's seq */
  anchorSeq: number
  /** the seq its statement names */
  coveredSeq: number
  /** the earliest genTime among its tokens, ISO 8601 */
  genTime: string
  /** the authorities (URL hosts) whose tokens it holds */
  authorities: string[]
  /** the subjects of the certificates that signed them, in the same order */
  signers: string[]
}

/** Anchors of the `timestamp` action, oldest first, from any list of entries. */
export function timestampAnchors(
  entries: readonly (Entry | null)[]
): { seq: number; payload: TimestampAnchorPayload }[] {
  const anchors: { seq: number; payload: TimestampAnchorPayload }[] = []
  for (const entry of entries)
    if (entry?.kind === 'anchor' && entry.payload.action === 'timestamp')
      anchors.push({ seq: entry.seq, payload: entry.payload })
  return anchors.sort((a, b) => a.seq - b.seq)
}

export function authorityName(token: Pick<AnchorToken, 'authority'>): string {
  try {
    return new URL(token.authority).host
  } catch {
    return token.authority
  }
}

function earliest(tokens: readonly AnchorToken[]): string {
  return tokens.map((t) => t.genTime).sort()[0] ?? ''
}

/**
 * Which anchor covers entry `seq`: the one with the smallest covered seq at or above it (its
 * tokens are the earliest proof), or null when no anchor reaches it yet.
 */
export function coverageOf(
  seq: number,
  anchors: readonly { seq: number; payload: TimestampAnchorPayload }[]
): Coverage | null {
  let best: { seq: number; payload: TimestampAnchorPayload } | null = null
  for (const anchor of anchors) {
    if (anchor.payload.covered.seq < seq) continue
    if (best === null || anchor.payload.covered.seq < best.payload.covered.seq) best = anchor
  }
  if (best === null) return null
  return {
    anchorSeq: best.seq,
    coveredSeq: best.payload.covered.seq,
    genTime: earliest(best.payload.tokens),
    authorities: best.payload.tokens.map(authorityName),
    signers: best.payload.tokens.map((t) => t.signer)
  }
}

/**
 * coverageOf for many entries over the same anchors: each anchor's coverage is worked out
 * once, and an entry's is found by binary search on the covered seqs, instead of a pass
 * over every anchor (and its tokens' URLs) for every row of every timeline page.
 */
export function coverageLookup(
  anchors: readonly { seq: number; payload: TimestampAnchorPayload }[]
): (seq: number) => Coverage | null {
  // By covered seq, then by anchor seq: among anchors covering the same head, coverageOf
  // keeps the first one it meets, which is the lower seq (timestampAnchors' order).
  const sorted = [...anchors].sort(
    (a, b) => a.payload.covered.seq - b.payload.covered.seq || a.seq - b.seq
  )
  const coverages = sorted.map((anchor) => coverageOf(anchor.payload.covered.seq, [anchor]))
  return (seq) => {
    let low = 0
    let high = sorted.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if ((sorted[middle]?.payload.covered.seq ?? Infinity) < seq) low = middle + 1
      else high = middle
    }
    return coverages[low] ?? null
  }
}
