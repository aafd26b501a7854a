import type { MessageKey } from '../i18n/translate'
import { applyAmendments } from './applyAmendments'
import type { Entry, EntryOf } from './Entry'
import type { EntryField, FieldValue } from './EntryField'
import { fieldByKey } from './entryFields'
import { fieldSlots, valueOf } from './shownFields'

/** One value a field has held: as recorded (`seq` null), or as an amendment set it. */
export interface FieldStep {
  /** the amendment's seq; null for the value as first recorded */
  seq: number | null
  /** the amendment's reason; "" for the recorded value */
  reason: string
  /** undefined: the field held nothing (never recorded, or emptied by this amendment) */
  value: FieldValue | undefined
}

/** A corrected field: the amendment whose value is shown, and every value it has held. */
export interface AmendedField {
  key: string
  label: MessageKey
  /** the newest amendment of the field: the one whose value the entry shows */
  latest: { seq: number; reason: string }
  /** oldest first: the recorded value, then each amendment's; the last is the one shown */
  steps: FieldStep[]
}

/** A value as the entry-field table shapes it, read from the entry as recorded. */
function recordedValue(
  entry: Entry,
  key: string,
  field: EntryField<never>
): FieldValue | undefined {
  if (key === 'title' || key === 'occurredAt') return valueOf(field, entry[key])
  return fieldSlots(entry).find((slot) => slot.key === key)?.value
}

/**
 * Each field of `original` that the `amendments` correct, through the one entry-field table:
 * which amendment the shown value comes from, and the field's history (the value as first
 * recorded, then every correction of it, oldest first). A field corrected twice names the
 * later amendment and keeps the earlier value in its history. What every face marks "as
 * amended by №N (reason)" beside the field.
 */
export function fieldHistory(
  original: Entry,
  amendments: readonly EntryOf<'amendment'>[]
): ReadonlyMap<string, AmendedField> {
  const applied = applyAmendments(original, amendments)
  const fields = new Map<string, AmendedField>()
  for (const [key, corrections] of Object.entries(applied.history)) {
    const field = fieldByKey(key)
    const latest = corrections.at(-1)
    if (field === undefined || latest === undefined) continue
    fields.set(key, {
      key,
      label: field.label,
      latest: { seq: latest.amendment.seq, reason: latest.amendment.reason },
      steps: [
        { seq: null, reason: '', value: recordedValue(applied.original, key, field) },
        ...corrections.map((c) => ({
          seq: c.amendment.seq,
          reason: c.amendment.reason,
          value: valueOf(field, c.value)
        }))
      ]
    })
  }
  return fields
}
