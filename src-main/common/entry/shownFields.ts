import type { MessageKey } from '../i18n/translate'
import type { CaptureTls, Entry, EntryRef, HttpHeader, Official, PersonPresent } from './Entry'
import type { EntryField, FieldValue } from './EntryField'
import { fieldByKey, fieldsOf } from './entryFields'

// An entry's values, read through the entry-field table: what each face lays out.

/** One field of one entry, with its value: what a face lays out. */
export interface ShownField {
  key: string
  /** null for a payload key the table does not know (written by a later version) */
  label: MessageKey | null
  value: FieldValue
  block: boolean
}

/** A field of the table and its value in one entry, which may be unrecorded. */
export interface FieldSlot {
  key: string
  label: MessageKey
  value: FieldValue | undefined
  block: boolean
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  )
}

/** A stored value in the field's shape, or undefined when there is nothing to show. */
export function valueOf(field: EntryField<never>, raw: unknown): FieldValue | undefined {
  if (isEmpty(raw)) return undefined
  switch (field.shape) {
    case 'text':
    case 'prose':
    case 'code':
    case 'time':
      return { shape: field.shape, value: String(raw) }
    case 'number':
      return typeof raw === 'number'
        ? { shape: 'number', value: raw }
        : { shape: 'json', value: raw }
    case 'list':
      return Array.isArray(raw)
        ? { shape: 'list', value: raw.map(String) }
        : { shape: 'list', value: [String(raw)] }
    case 'enum':
      return {
        shape: 'enum',
        value: String(raw),
        label: `${field.enumPrefix ?? ''}${String(raw)}` as MessageKey
      }
    case 'officials':
      return { shape: 'officials', value: raw as Official[] }
    case 'people':
      return { shape: 'people', value: raw as PersonPresent[] }
    case 'ref':
      return { shape: 'ref', value: raw as EntryRef }
    case 'refs':
      return { shape: 'refs', value: raw as EntryRef[] }
    case 'seqs':
      return { shape: 'seqs', value: raw as number[] }
    case 'headers':
      return { shape: 'headers', value: raw as HttpHeader[] }
    case 'tls':
      return { shape: 'tls', value: raw as CaptureTls }
    case 'message':
    case 'json':
      return { shape: 'json', value: raw }
  }
}

/** Every field the table lists for the entry's kind, recorded or not, in the table's order. */
export function fieldSlots(entry: Entry): FieldSlot[] {
  const payload = entry.payload as unknown as Record<string, unknown>
  return fieldsOf(entry.kind).flatMap((field) => {
    if (entry.kind === 'amendment' && field.key === 'changes') return []
    const read = field.read as ((p: unknown) => FieldValue | undefined) | undefined
    const value = read !== undefined ? read(payload) : valueOf(field, payload[field.key])
    return [{ key: field.key, label: field.label, value, block: field.block === true }]
  })
}

/** Payload keys the table does not know (a field written by a later version), with values. */
export function otherFields(entry: Entry): ShownField[] {
  const payload = entry.payload as unknown as Record<string, unknown>
  const known = new Set(fieldsOf(entry.kind).flatMap((f) => [f.key, ...(f.covers ?? [])]))
  return Object.keys(payload)
    .sort()
    .filter((key) => !known.has(key) && !isEmpty(payload[key]))
    .map((key) => ({
      key,
      label: null,
      value: { shape: 'json', value: payload[key] },
      block: false
    }))
}

/**
 * The fields of an entry that have a value, in the table's order (an amendment's corrections
 * under the labels of the fields they correct), then any payload key the table does not know.
 */
export function shownFields(entry: Entry): ShownField[] {
  const shown: ShownField[] = fieldSlots(entry).flatMap((slot) =>
    slot.value === undefined ? [] : [{ ...slot, value: slot.value }]
  )
  if (entry.kind === 'amendment') shown.push(...changedFields(entry.payload.changes))
  return [...shown, ...otherFields(entry)]
}

/** An amendment's corrections, each under the label of the field it corrects. */
export function changedFields(changes: Readonly<Record<string, unknown>>): ShownField[] {
  return Object.keys(changes).flatMap((key) => {
    const field = fieldByKey(key)
    const value =
      field === undefined
        ? { shape: 'json' as const, value: changes[key] }
        : valueOf(field, changes[key])
    // A correction that empties a field is shown as emptied, not dropped.
    const shown = value ?? { shape: 'text' as const, value: '—' }
    return [{ key, label: field?.label ?? null, value: shown, block: false }]
  })
}
