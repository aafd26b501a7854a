import { DalelError } from '../errors/DalelError'
import { INCIDENT_TYPES } from './Entry'
import type { EntryDraft } from './Entry'

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
      break
    case 'amendment':
    case 'withdrawal':
      if (draft.payload.reason.trim().length === 0) throw bad('reason')
      break
    default:
      break
  }
}
