import type { Sha256Hex } from '../encoding/brands'

export const ENTRY_KINDS = [
  'note',
  'incident',
  'web-capture',
  'file',
  'amendment',
  'withdrawal',
  'custody',
  'anchor'
] as const
export type EntryKind = (typeof ENTRY_KINDS)[number]

export const INCIDENT_TYPES = [
  'search',
  'detention',
  'interrogation',
  'threat',
  'physical-attack',
  'account-takedown',
  'content-removal',
  'ddos',
  'website-block',
  'legal-action',
  'other'
] as const
export type IncidentType = (typeof INCIDENT_TYPES)[number]

export const ATTACHMENT_ROLES = [
  'original',
  'screenshot-full',
  'screenshot-viewport',
  'mhtml',
  'dom',
  'text',
  'har',
  'certificate',
  'receipt'
] as const
export type AttachmentRole = (typeof ATTACHMENT_ROLES)[number]

export interface Attachment {
  sha256: Sha256Hex
  /** bytes */
  size: number
  mediaType: string
  name: string
  role: AttachmentRole
  /** pixels, images only */
  width?: number
  height?: number
}

export interface Official {
  name?: string
  /** rank or position, as shown or stated */
  position?: string
  /** the unit, department or agency */
  unit?: string
}

export interface NotePayload {
  body?: string
  tags?: string[]
}

export interface IncidentPayload {
  type: IncidentType
  body?: string
  place?: string
  peopleInvolved?: string[]
  officials?: Official[]
  /** the warrant, ruling or article of law shown, in the words of the document */
  legalBasisShown?: string
  itemsSeized?: string[]
  lawyersAdmitted?: string[]
  lawyersRefused?: string[]
  witnesses?: string[]
  tags?: string[]
}

export interface FilePayload {
  body?: string
}

/** Points at an earlier entry by both its seq and its id, so neither can be confused. */
export interface EntryRef {
  seq: number
  id: string
}

export interface AmendmentPayload {
  target: EntryRef
  reason: string
  /** The corrected values; absent fields are unchanged. */
  changes: {
    title?: string
    body?: string
    occurredAt?: string
    place?: string
  }
}

export interface WithdrawalPayload {
  target: EntryRef
  reason: string
}

export const CUSTODY_ACTIONS = ['export', 'backup', 'restore', 'handover'] as const
export type CustodyAction = (typeof CUSTODY_ACTIONS)[number]

export interface CustodyPayload {
  action: CustodyAction
  recipient?: string
  purpose?: string
  /** SHA-256 of what left the vault (a bundle), when there is one file */
  sha256?: Sha256Hex
  entries?: number[]
  body?: string
}

/** Web captures and anchors are defined by their own issues; the vault stores them as given. */
export type OpenPayload = Record<string, unknown>

export interface EntryPayloads {
  note: NotePayload
  incident: IncidentPayload
  'web-capture': OpenPayload
  file: FilePayload
  amendment: AmendmentPayload
  withdrawal: WithdrawalPayload
  custody: CustodyPayload
  anchor: OpenPayload
}

/**
 * One record in the vault, exactly as it is committed to by the chain (DESIGN "Entries and
 * the chain"). The salt is not part of it.
 */
export interface EntryOf<K extends EntryKind> {
  seq: number
  /** UUIDv7 */
  id: string
  kind: K
  /** UTC ISO 8601 with milliseconds, from the clock at recording */
  recordedAt: string
  /** as stated by the user; ISO 8601 */
  occurredAt?: string
  author: string
  title: string
  payload: EntryPayloads[K]
  attachments: Attachment[]
}

export type Entry = { [K in EntryKind]: EntryOf<K> }[EntryKind]

/** What a face hands to the vault: everything but what the vault assigns. */
export type EntryDraft = {
  [K in EntryKind]: Omit<EntryOf<K>, 'seq' | 'id' | 'recordedAt' | 'author' | 'attachments'>
}[EntryKind]
