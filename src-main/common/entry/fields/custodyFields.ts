import type { EntryField } from '../EntryField'
import { ABOUT_FIELD } from './commonFields'

export const CUSTODY_FIELDS: readonly EntryField<'custody'>[] = [
  { key: 'action', label: 'field.action', shape: 'enum', enumPrefix: 'report.custody.' },
  ABOUT_FIELD,
  { key: 'failure', label: 'field.failure', shape: 'enum', enumPrefix: 'backupFailure.' },
  { key: 'recipient', label: 'field.recipient', shape: 'text' },
  { key: 'purpose', label: 'field.purpose', shape: 'text' },
  { key: 'sha256', label: 'field.sha256', shape: 'code' },
  { key: 'entries', label: 'field.entries', shape: 'seqs' },
  { key: 'body', label: 'field.body', shape: 'prose', block: true }
]
