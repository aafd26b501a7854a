import type { EntryField } from '../EntryField'

export const AMENDMENT_FIELDS: readonly EntryField<'amendment'>[] = [
  { key: 'target', label: 'field.target', shape: 'ref' },
  { key: 'reason', label: 'field.reason', shape: 'prose' },
  // each correction is shown under the label of the field it corrects (see changedFields)
  { key: 'changes', label: 'field.changes', shape: 'json' }
]
