import type { MessageKey, MessageParams } from '../i18n/translate'
import { applyAmendments } from './applyAmendments'
import type { Entry, EntryOf } from './Entry'
import { fieldByKey } from './entryFields'
import { fieldLines } from './fieldLines'
import { COMMON_FIELDS } from './fields/commonFields'
import { fieldSlots } from './shownFields'
import { titleOf } from './entryTitle'

type Translate = (key: MessageKey, params?: MessageParams) => string

/** One corrected field: what to show, which amendment made it and why, and what was recorded. */
export interface Correction {
  key: string
  label: string
  /** the corrected value, as text ("—" when the amendment emptied the field) */
  value: string
  /** the value as first recorded */
  original: string
  seq: number
  reason: string
}

/** One field of an entry as plain text, "—" when it holds nothing. */
export function fieldText(entry: Entry, key: string, t: Translate): string {
  if (key === 'title') return titleOf(entry, t)
  if (key === 'occurredAt') return entry.occurredAt ?? '—'
  const slot = fieldSlots(entry).find((s) => s.key === key)
  return slot?.value === undefined ? '—' : fieldLines(t, slot.value).join('; ')
}

/**
 * The fields of `entry` that the disclosed `amendments` correct, newest correction of each
 * field winning, in the entry's field order: what every face shows as "as amended by №N".
 */
export function correctionsOf(
  entry: Entry,
  amendments: readonly EntryOf<'amendment'>[],
  t: Translate
): { entry: Entry; corrections: Correction[] } {
  const applied = applyAmendments(entry, amendments)
  const order = [...COMMON_FIELDS.map((f) => f.key), ...fieldSlots(entry).map((s) => s.key)]
  const keys = Object.keys(applied.correctedBy).sort(
    (a, b) => (order.indexOf(a) + 1 || 1e9) - (order.indexOf(b) + 1 || 1e9)
  )
  const corrections = keys.map((key) => {
    const by = applied.correctedBy[key]
    const label = fieldByKey(key)?.label
    return {
      key,
      label: label === undefined ? key : t(label),
      value: fieldText(applied.entry, key, t),
      original: fieldText(applied.original, key, t),
      seq: by?.seq ?? 0,
      reason: by?.reason ?? ''
    }
  })
  return { entry: applied.entry, corrections }
}
