import { DalelError } from '../errors/DalelError'
import { unreachable } from '../errors/unreachable'
import { isHexOf } from '../encoding/hex'
import { INCIDENT_TYPES } from './Entry'
import type { AnchorPayload, EntryDraft } from './Entry'

const MAX_TITLE = 1000

/** An ISO 8601 date or date-time that Date can read, e.g. 2026-03-01 or 2026-03-01T14:30+05:00. */
export function isIsoDate(text: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) &&
    !Number.isNaN(Date.parse(text))
  )
}

/** Checks what a face hands in before anything is written; a bad field is `invalid-input`. */
export function validateDraft(draft: EntryDraft): void {
  const bad = (field: string) => new DalelError('invalid-input', { field })
  if (draft.title.trim().length === 0 || draft.title.length > MAX_TITLE) throw bad('title')
  if (draft.occurredAt !== undefined && !isIsoDate(draft.occurredAt)) throw bad('occurred')
  switch (draft.kind) {
    case 'incident':
      if (!(INCIDENT_TYPES as readonly string[]).includes(draft.payload.type)) throw bad('type')
      if (draft.payload.endedAt !== undefined && !isIsoDate(draft.payload.endedAt))
        throw bad('ended')
      break
    case 'amendment':
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
