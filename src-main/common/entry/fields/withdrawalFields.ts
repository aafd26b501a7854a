import type { EntryField } from '../EntryField'

export const WITHDRAWAL_FIELDS: readonly EntryField<'withdrawal'>[] = [
  { key: 'target', label: 'field.target', shape: 'ref' },
  { key: 'reason', label: 'field.reason', shape: 'prose' }
]
