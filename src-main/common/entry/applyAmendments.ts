import type { Entry, EntryOf } from './Entry'
import { amendableFields } from './entryFields'
import { withoutUndefined } from '../util/withoutUndefined'

/** One amendment as it bears on the entry it corrects. */
export interface AppliedAmendment {
  seq: number
  id: string
  reason: string
  /** the field keys it corrected (a later amendment may have corrected them again) */
  fields: string[]
}

export interface AmendedEntry {
  /** the entry with every correction applied: what to show */
  entry: Entry
  /** the entry as recorded */
  original: Entry
  /** the amendments applied, oldest first */
  amendments: AppliedAmendment[]
  /** for each corrected field key, the amendment whose value is shown */
  correctedBy: Readonly<Record<string, AppliedAmendment>>
  /** for each corrected field key, every correction of it, oldest first, with its raw value */
  history: Readonly<Record<string, readonly FieldCorrection[]>>
}

/** One amendment's value for one field (undefined: the amendment emptied it). */
export interface FieldCorrection {
  amendment: AppliedAmendment
  value: unknown
}

const isEmptyValue = (value: unknown) =>
  value === '' || (Array.isArray(value) && value.length === 0)

/**
 * The entry as its amendments correct it, oldest first, so the newest correction of a field
 * wins. Amendments that name another entry, and changes to fields the entry's kind does not
 * have, are ignored (the service refuses to record them; a bundle could still carry one).
 * An empty string or list empties the field. Every face shows entries through this, so a
 * corrected time is never printed as if it were the recorded one, nor the other way round.
 */
export function applyAmendments(
  entry: Entry,
  amendments: readonly EntryOf<'amendment'>[]
): AmendedEntry {
  const allowed = new Map(amendableFields(entry.kind).map((field) => [field.key, field]))
  const top: Record<string, unknown> = { ...entry }
  const payload: Record<string, unknown> = {
    ...(entry.payload as unknown as Record<string, unknown>)
  }
  const applied: AppliedAmendment[] = []
  const correctedBy: Record<string, AppliedAmendment> = {}
  const history: Record<string, FieldCorrection[]> = {}
  const relevant = amendments
    .filter((a) => a.payload.target.seq === entry.seq && a.payload.target.id === entry.id)
    .sort((a, b) => a.seq - b.seq)
  for (const amendment of relevant) {
    const record: AppliedAmendment = {
      seq: amendment.seq,
      id: amendment.id,
      reason: amendment.payload.reason,
      fields: []
    }
    const changes = amendment.payload.changes as Readonly<Record<string, unknown>>
    for (const [key, value] of Object.entries(changes)) {
      if (!allowed.has(key) || value === undefined) continue
      const into = key === 'title' || key === 'occurredAt' ? top : payload
      // An emptied field is left out, as an unrecorded one is (never stored as "").
      into[key] = isEmptyValue(value) && key !== 'title' ? undefined : value
      record.fields.push(key)
      correctedBy[key] = record
      ;(history[key] ??= []).push({ amendment: record, value: into[key] })
    }
    if (record.fields.length > 0) applied.push(record)
  }
  return {
    entry: withoutUndefined({ ...top, payload: withoutUndefined(payload) }) as unknown as Entry,
    original: entry,
    amendments: applied,
    correctedBy,
    history
  }
}
