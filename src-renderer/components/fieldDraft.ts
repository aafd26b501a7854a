import type { EntryField } from '../../src-main/common/entry/EntryField'
import { linesOf, tagsOf } from '../format'
import type { LocalFormat } from '../../src-main/common/i18n/LocalFormat'
import type { MessageKey } from '../i18n/translate'
import { dateTimeIso, dateTimeValueOf } from './DateTimeField'
import type { DateTimeValue } from './DateTimeField'
import { emptyRecord, recordsOf } from './RecordListField'
import type { RecordDraft } from './RecordListField'

/** A field of the entry-field table as a form holds it while it is typed. */
export type FieldDraft =
  | { kind: 'text'; text: string; lines: boolean }
  | { kind: 'list'; text: string; tags: boolean }
  | { kind: 'time'; time: DateTimeValue }
  | { kind: 'enum'; value: string }
  | { kind: 'records'; records: RecordDraft[]; parts: readonly string[] }

/** The parts of a person of each list shape, in the form's order. */
export const RECORD_PARTS = {
  officials: ['name', 'position', 'unit'],
  people: ['name', 'role']
} as const

/** The field's stored value as a draft to edit; null for a shape a form does not edit. */
export function draftOf(field: EntryField<never>, raw: unknown, f: LocalFormat): FieldDraft | null {
  switch (field.shape) {
    case 'text':
    case 'code':
    case 'prose':
      return {
        kind: 'text',
        text: typeof raw === 'string' ? raw : '',
        lines: field.shape === 'prose'
      }
    case 'list': {
      const tags = field.key === 'tags'
      const items = Array.isArray(raw) ? (raw as string[]) : []
      return { kind: 'list', text: items.join(tags ? ', ' : '\n'), tags }
    }
    case 'time':
      return { kind: 'time', time: dateTimeValueOf(typeof raw === 'string' ? raw : undefined, f) }
    case 'enum':
      return { kind: 'enum', value: typeof raw === 'string' ? raw : '' }
    case 'officials':
    case 'people': {
      const parts = RECORD_PARTS[field.shape]
      const records = Array.isArray(raw)
        ? (raw as Record<string, string | undefined>[]).map((r) => ({
            ...emptyRecord(parts),
            ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v ?? '']))
          }))
        : []
      return {
        kind: 'records',
        records: records.length > 0 ? records : [emptyRecord(parts)],
        parts
      }
    }
    default:
      return null
  }
}

/**
 * The value a draft stands for, as the contract takes it: an emptied text or list is '' or
 * [] (an amendment empties the field); an empty time is undefined (a time is corrected, not
 * removed); a date that is not one is a message to show.
 */
export function valueOfDraft(
  draft: FieldDraft,
  f: LocalFormat
): { value: unknown } | { invalid: MessageKey } {
  switch (draft.kind) {
    case 'text':
      return {
        value: draft.lines ? (draft.text.trim() === '' ? '' : draft.text) : draft.text.trim()
      }
    case 'list':
      return { value: draft.tags ? tagsOf(draft.text) : linesOf(draft.text) }
    case 'time': {
      const iso = dateTimeIso(draft.time, f)
      return iso === null ? { invalid: 'ui.dateField.invalid' } : { value: iso }
    }
    case 'enum':
      return { value: draft.value }
    case 'records':
      return { value: recordsOf(draft.records) }
    default: {
      const unknown: never = draft
      return unknown
    }
  }
}

/** Whether two values of a field are the same, whatever the order of an object's keys. */
export function sameValue(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([x], [y]) => (x < y ? -1 : 1))
              .map(([k, v]) => [k, canonical(v)])
          )
        : value
  const empty = (value: unknown) =>
    value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
  if (empty(a) && empty(b)) return true
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))
}
