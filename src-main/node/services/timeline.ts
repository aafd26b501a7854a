import { entryStatus } from '../../common/availability/entryStatus'
import type {
  TimelineArgs,
  TimelinePageView,
  TimelineRowView
} from '../../common/contract/DalelApi'
import type { Entry } from '../../common/entry/Entry'
import { searchSnippet } from '../../common/entry/searchSnippet'
import { searchText } from '../../common/entry/searchText'
import { withoutUndefined } from '../../common/util/withoutUndefined'
import { ftsQuery } from '../db/ftsQuery'
import type { TimelineDbRow } from '../db/timelinePage'
import type { Vault } from '../vault/Vault'
import {
  authorityName,
  coverageLookup,
  timestampAnchors
} from '../../common/timestamp/anchorCoverage'
import { timestampingSetting } from '../timestamp/timestampVault'

/** Which timestamp covers each row (coverageLookup), and whether "not yet" is worth saying. */
interface TrustedTime {
  coverage: ReturnType<typeof coverageLookup>
  enabled: boolean
}

/**
 * Each vault's anchors as the timeline last read them, with the head seq they were read at.
 * Anchors and their withdrawals only ever come as new entries, so a page at the same head
 * reuses them: reading and parsing every anchor (tokens and certificate chains, kilobytes
 * each) for every page cost more than the page once a vault had been stamped for a while.
 */
const trustedTimes = new WeakMap<Vault, { headSeq: number; time: TrustedTime }>()

function trustedTime(vault: Vault): TrustedTime {
  const headSeq = vault.head().seq
  const cached = trustedTimes.get(vault)
  if (cached?.headSeq === headSeq) return cached.time
  const time: TrustedTime = {
    coverage: coverageLookup(
      timestampAnchors(vault.list({ kinds: ['anchor'] }).map((s) => s.entry))
    ),
    enabled: timestampingSetting(vault).enabled
  }
  trustedTimes.set(vault, { headSeq, time })
  return time
}

function timestampOf(seq: number, time: TrustedTime): TimelineRowView['timestamp'] {
  const coverage = time.coverage(seq)
  if (coverage !== null) return { genTime: coverage.genTime, authorities: coverage.authorities }
  return time.enabled ? null : undefined
}

/**
 * What a timeline row shows of an entry's content, read from its committed JSON; with a text
 * query, the words that matched in their context (searchSnippet, over what the index holds
 * of the entry).
 */
function rowOf(row: TimelineDbRow, time: TrustedTime, typed: string): TimelineRowView {
  const view: TimelineRowView = {
    seq: row.seq,
    id: row.id,
    kind: row.kind,
    recordedAt: row.recordedAt,
    occurredAt: row.occurredAt,
    at: row.at,
    title: null,
    tags: [],
    attachments: 0,
    amendments: row.amendments,
    withdrawnBy: row.withdrawnBy
  }
  if (row.kind !== 'anchor') {
    const timestamp = timestampOf(row.seq, time)
    if (timestamp !== undefined) view.timestamp = timestamp
  }
  if (row.entryJson === null) return view
  const entry = JSON.parse(row.entryJson) as Entry
  view.title = entry.title
  if (typed !== '') {
    const { body, fields } = searchText(entry)
    view.snippet = searchSnippet([entry.title, body, fields], typed)
  }
  view.attachments = entry.attachments.length
  const status = entryStatus(entry)
  if (status !== null) view.status = status
  switch (entry.kind) {
    case 'note':
      view.tags = entry.payload.tags ?? []
      break
    case 'incident':
      view.incidentType = entry.payload.type
      view.tags = entry.payload.tags ?? []
      break
    case 'web-capture':
      view.captureOutcome = entry.payload.outcome
      if (entry.payload.recheck !== undefined) {
        view.recheckOutcome = entry.payload.recheck.outcome
        view.target = entry.payload.recheck.of.seq
      }
      break
    case 'amendment':
    case 'withdrawal':
      view.target = entry.payload.target.seq
      break
    case 'custody':
      view.custodyAction = entry.payload.action
      break
    case 'anchor':
      if (entry.payload.action === 'timestamp') {
        const authorities = entry.payload.tokens.map(authorityName)
        view.anchor = { action: 'timestamp', coveredSeq: entry.payload.covered.seq, authorities }
        // The anchor's badge is its own tokens: the earliest time they vouch for.
        const genTime = entry.payload.tokens.map((token) => token.genTime).sort()[0]
        if (genTime !== undefined) view.timestamp = { genTime, authorities }
      } else view.anchor = { action: 'setting', enabled: entry.payload.enabled }
      break
    default:
      break
  }
  return view
}

/** One page of the timeline (DalelApi `timeline`). */
export function timeline(vault: Vault, args: TimelineArgs): TimelinePageView {
  const { text, ...rest } = args
  const typed = text?.trim() ?? ''
  const match = typed === '' ? null : ftsQuery(typed)
  // Only punctuation typed: nothing can match it.
  if (typed !== '' && match === null) return { rows: [], total: 0, nextCursor: null }
  const page = vault.timeline({ ...withoutUndefined(rest), ...(match !== null ? { match } : {}) })
  const time = trustedTime(vault)
  return {
    rows: page.rows.map((row) => rowOf(row, time, typed)),
    total: page.total,
    nextCursor: page.nextCursor
  }
}
