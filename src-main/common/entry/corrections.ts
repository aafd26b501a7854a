import type { MessageKey, MessageParams } from '../i18n/translate'
import { applyAmendments } from './applyAmendments'
import type { Entry, EntryOf } from './Entry'
import { fieldByKey } from './entryFields'
import { fieldLines } from './fieldLines'
import { COMMON_FIELDS } from './fields/commonFields'
import { fieldSlots } from './shownFields'
import { titleOf } from './entryTitle'
import { promisesUtc } from './promisesUtc'

type Translate = (key: MessageKey, params?: MessageParams) => string

/**
 * An instant as the reader reads it; `utc` where the field's label promises UTC (a capture's
 * start and end). Without one, a time is shown as stored.
 */
export type When = (iso: string, utc: boolean) => string

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
  /**
   * For a time: both values exactly as the files store them (the amendment's
   * `payload.changes.<key>`, the entry's own field), for a comparison with entry.json.
   */
  stored?: { value: string | undefined; original: string | undefined }
}

/** A time field exactly as stored (`occurredAt`, or a payload field of shape time). */
function storedTime(entry: Entry, key: string): string | undefined {
  if (key === 'occurredAt') return entry.occurredAt
  const slot = fieldSlots(entry).find((s) => s.key === key)
  return slot?.value?.shape === 'time' ? slot.value.value : undefined
}

/** One field of an entry as plain text, "—" when it holds nothing. */
export function fieldText(entry: Entry, key: string, t: Translate, when?: When): string {
  if (key === 'title') return titleOf(entry, t)
  if (key === 'occurredAt') {
    if (entry.occurredAt === undefined) return '—'
    return when === undefined ? entry.occurredAt : when(entry.occurredAt, false)
  }
  const slot = fieldSlots(entry).find((s) => s.key === key)
  if (slot?.value === undefined) return '—'
  if (slot.value.shape === 'time' && when !== undefined)
    return when(slot.value.value, promisesUtc(slot.label))
  return fieldLines(t, slot.value).join('; ')
}

/**
 * The fields of `entry` that the disclosed `amendments` correct, newest correction of each
 * field winning, in the entry's field order: what every face shows as "as amended by №N".
 */
export function correctionsOf(
  entry: Entry,
  amendments: readonly EntryOf<'amendment'>[],
  t: Translate,
  when?: When
): { entry: Entry; corrections: Correction[] } {
  const applied = applyAmendments(entry, amendments)
  const order = [...COMMON_FIELDS.map((f) => f.key), ...fieldSlots(entry).map((s) => s.key)]
  const keys = Object.keys(applied.correctedBy).sort(
    (a, b) => (order.indexOf(a) + 1 || 1e9) - (order.indexOf(b) + 1 || 1e9)
  )
  const corrections = keys.map((key) => {
    const by = applied.correctedBy[key]
    const label = fieldByKey(key)?.label
    const value = storedTime(applied.entry, key)
    const original = storedTime(applied.original, key)
    const correction: Correction = {
      key,
      label: label === undefined ? key : t(label),
      value: fieldText(applied.entry, key, t, when),
      original: fieldText(applied.original, key, t, when),
      seq: by?.seq ?? 0,
      reason: by?.reason ?? ''
    }
    if (value !== undefined || original !== undefined) correction.stored = { value, original }
    return correction
  })
  return { entry: applied.entry, corrections }
}
