import { DalelError } from '../errors/DalelError'
import { unreachable } from '../errors/unreachable'
import { isHexOf } from '../encoding/hex'
import { INCIDENT_TYPES } from './Entry'
import { ENTRY_LIMITS, overLimit } from './entryLimits'
import { statedTimeProblem } from '../time/statedTime'
import type { AnchorPayload, EntryDraft } from './Entry'
import { fieldByKey } from './entryFields'

/** An ISO 8601 date or date-time that Date can read, e.g. 2026-03-01 or 2026-03-01T14:30+05:00. */
export function isIsoDate(text: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) &&
    !Number.isNaN(Date.parse(text))
  )
}

/** The kinds whose payload a person types (the others are written by Dalel itself). */
const TYPED_KINDS: ReadonlySet<string> = new Set([
  'note',
  'incident',
  'file',
  'amendment',
  'withdrawal'
])

/**
 * The times a person stated in a draft must be real, not before 1900 and not later than the
 * moment of recording plus the clock-skew allowance (statedTime.ts). Called by the vault with
 * the time it records the entry at.
 */
export function validateStatedTimes(draft: EntryDraft, recordedAt: Date): void {
  const check = (field: string, text: string | undefined) => {
    if (text === undefined) return
    const problem = statedTimeProblem(text, recordedAt)
    if (problem !== null) throw new DalelError('bad-time', { field, value: text, problem })
  }
  check('occurred', draft.occurredAt)
  if (draft.kind === 'incident') check('ended', draft.payload.endedAt)
  if (draft.kind === 'amendment') {
    const changes = draft.payload.changes as { occurredAt?: unknown; endedAt?: unknown }
    if (typeof changes.occurredAt === 'string') check('occurred', changes.occurredAt)
    if (typeof changes.endedAt === 'string') check('ended', changes.endedAt)
  }
}

/** Checks what a face hands in before anything is written; a bad field is `invalid-input`. */
export function validateDraft(draft: EntryDraft): void {
  const bad = (field: string) => new DalelError('invalid-input', { field })
  if (draft.title.trim().length === 0) throw bad('title')
  if (draft.title.length > ENTRY_LIMITS.titleChars)
    throw new DalelError('too-long', { field: 'title', max: ENTRY_LIMITS.titleChars })
  if (TYPED_KINDS.has(draft.kind)) {
    const over = overLimit(draft.payload)
    if (over !== null) throw new DalelError('too-long', over)
  }
  if (draft.occurredAt !== undefined && statedTimeProblem(draft.occurredAt) !== null)
    throw bad('occurred')
  validateAbout((draft.payload as { about?: unknown }).about, bad)
  switch (draft.kind) {
    case 'incident':
      if (!(INCIDENT_TYPES as readonly string[]).includes(draft.payload.type)) throw bad('type')
      if (draft.payload.endedAt !== undefined && statedTimeProblem(draft.payload.endedAt) !== null)
        throw bad('ended')
      break
    case 'probe':
      if (!/^https?:\/\//iu.test(draft.payload.url)) throw bad('url')
      break
    case 'watch': {
      const urls = new Set<string>()
      for (const item of draft.payload.watched) {
        if (!/^https?:\/\//iu.test(item.url) || urls.has(item.url)) throw bad('url')
        if (!isWatchInterval(item.everySeconds)) throw bad('every')
        urls.add(item.url)
      }
      if (urls.size > ENTRY_LIMITS.urls) throw bad('url')
      break
    }
    case 'amendment': {
      if (draft.payload.reason.trim().length === 0) throw bad('reason')
      // Corrections are checked as the fields they correct would be.
      const changes = draft.payload.changes as Readonly<Record<string, unknown>>
      if (Object.keys(changes).length === 0) throw bad('changes')
      for (const [key, value] of Object.entries(changes)) {
        const field = fieldByKey(key)
        if (field === undefined) throw bad(key)
        if (key === 'title' && (typeof value !== 'string' || value.trim() === ''))
          throw bad('title')
        if (
          field.shape === 'time' &&
          (typeof value !== 'string' || statedTimeProblem(value) !== null)
        )
          throw bad(field.option ?? key)
        if (
          field.enumPrefix === 'incident.' &&
          !(INCIDENT_TYPES as readonly unknown[]).includes(value)
        )
          throw bad('type')
      }
      break
    }
    case 'withdrawal':
      if (draft.payload.reason.trim().length === 0) throw bad('reason')
      break
    case 'anchor':
      validateAnchor(draft.payload, bad)
      break
    default:
      break
  }
}

/** The watch list's probe intervals: a second (tests) to a day, whole seconds. */
export const WATCH_INTERVAL = { minSeconds: 1, maxSeconds: 86_400 } as const

export function isWatchInterval(seconds: number): boolean {
  return (
    Number.isSafeInteger(seconds) &&
    seconds >= WATCH_INTERVAL.minSeconds &&
    seconds <= WATCH_INTERVAL.maxSeconds
  )
}

/**
 * An entry's `about` list, in form: each an earlier entry's seq and id, each once, not
 * empty. Whether they exist (and are not withdrawn) the vault checks (appendEntry).
 */
function validateAbout(about: unknown, bad: (field: string) => Error): void {
  if (about === undefined) return
  if (!Array.isArray(about) || about.length === 0 || about.length > ENTRY_LIMITS.listItems)
    throw bad('about')
  const seen = new Set<number>()
  for (const ref of about as unknown[]) {
    const { seq, id } = (ref ?? {}) as { seq?: unknown; id?: unknown }
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) throw bad('about')
    if (typeof id !== 'string' || id.length === 0 || id.length > 100) throw bad('about')
    if (seen.has(seq)) throw bad('about')
    seen.add(seq)
  }
}

/** An http(s) URL an authority may be asked at. */
export function isAuthorityUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === ''
  } catch {
    return false
  }
}

function validateAnchor(payload: AnchorPayload, bad: (field: string) => Error): void {
  switch (payload.action) {
    case 'timestamp':
      if (!Number.isSafeInteger(payload.covered.seq) || payload.covered.seq < 1) throw bad('seq')
      if (!isHexOf(payload.covered.chain, 32)) throw bad('chain')
      if (payload.tokens.length === 0) throw bad('tokens')
      for (const token of payload.tokens) {
        if (!isAuthorityUrl(token.authority)) throw bad('tsa')
        if (!isIsoDate(token.genTime) || token.response.length === 0) throw bad('tokens')
      }
      break
    case 'setting':
      for (const url of payload.authorities) if (!isAuthorityUrl(url)) throw bad('tsa')
      for (const pem of payload.trustedCas)
        if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw bad('tsa-ca')
      break
    default:
      throw unreachable(payload)
  }
}
