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
  { key: 'file', label: 'field.file', shape: 'text' },
  { key: 'folder', label: 'field.folder', shape: 'code' },
  { key: 'bundleId', label: 'field.bundleId', shape: 'code' },
  {
    key: 'bytes',
    label: 'field.size',
    shape: 'message',
    read: (p) =>
      p.bytes === undefined
        ? undefined
        : { shape: 'message', key: 'cli.bytes', params: { count: p.bytes } }
  },
  {
    key: 'head',
    label: 'field.head',
    shape: 'seqs',
    read: (p) => (p.head === undefined ? undefined : { shape: 'seqs', value: [p.head] })
  },
  { key: 'chain', label: 'field.chain', shape: 'code' },
  { key: 'body', label: 'field.body', shape: 'prose', block: true }
]
