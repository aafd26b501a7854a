import type { Sha256Hex } from '../encoding/brands'
import type { IncidentPayload } from './payloads/incidentPayload'
import type { CustodyPayload } from './payloads/custodyPayload'
import type { AnchorPayload } from './payloads/anchorPayload'
import type { WebCapturePayload } from './payloads/webCapturePayload'
import type { ProbePayload } from './payloads/probePayload'
import type { WatchPayload } from './payloads/watchPayload'

// The payload of each larger kind lives in payloads/, one file a kind; this file re-exports
// them, so every reader keeps importing entry types from one place.
export { INCIDENT_TYPES } from './payloads/incidentPayload'
export type {
  IncidentPayload,
  IncidentType,
  Official,
  PersonPresent
} from './payloads/incidentPayload'
export { BACKUP_FAILURES, CUSTODY_ACTIONS } from './payloads/custodyPayload'
export type { BackupFailure, CustodyAction, CustodyPayload } from './payloads/custodyPayload'
export type {
  AnchorPayload,
  AnchorToken,
  TimestampAnchorPayload,
  TimestampingSettingPayload
} from './payloads/anchorPayload'
export {
  AUTOMATION_SIGNALS,
  CAPTURE_OUTCOMES,
  CAPTURE_WARNINGS,
  RECHECK_OUTCOMES
} from './payloads/webCapturePayload'
export type {
  AutomationSignal,
  CapturedCertificate,
  CaptureOutcome,
  CaptureTls,
  CaptureWarning,
  HttpHeader,
  RecheckOutcome,
  RecheckResult,
  RedirectKind,
  WebCapturePayload,
  WebRedirect
} from './payloads/webCapturePayload'
export { CONNECT_RESULTS, PROBE_OUTCOMES } from './payloads/probePayload'
export type {
  ConnectResult,
  ProbeCertificate,
  ProbeConnect,
  ProbeDns,
  ProbeHttp,
  ProbeOutcome,
  ProbePayload,
  ProbeTls,
  ProbeVantage
} from './payloads/probePayload'
export type { WatchedUrl, WatchPayload } from './payloads/watchPayload'

export const ENTRY_KINDS = [
  'note',
  'incident',
  'web-capture',
  'file',
  'amendment',
  'withdrawal',
  'custody',
  'anchor',
  'probe',
  'watch'
] as const
export type EntryKind = (typeof ENTRY_KINDS)[number]

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

/** Points at an earlier entry by both its seq and its id, so neither can be confused. */
export interface EntryRef {
  seq: number
  id: string
}

/**
 * The entries an entry is about (`--about`, the app's "add a note about this"): earlier,
 * not withdrawn, each once. Shown both ways: "about №N" here, "referred to by" there.
 */
export interface Linked {
  about?: EntryRef[]
}

export interface NotePayload extends Linked {
  body?: string
  tags?: string[]
}

export interface FilePayload extends Linked {
  body?: string
}

/**
 * Every field an amendment may correct; which ones apply depends on the target's kind.
 * `about` is not among them: a link is recorded with its entry, or by a new entry.
 */
export type AmendmentChanges = { title?: string; occurredAt?: string } & Partial<
  Omit<IncidentPayload, 'about'>
>

export interface AmendmentPayload {
  target: EntryRef
  reason: string
  /**
   * The corrected values, by field key (ENTRY_FIELDS): the title, the time it occurred, and
   * any amendable payload field of the target's kind. Absent fields are unchanged.
   */
  changes: AmendmentChanges
}

export interface WithdrawalPayload {
  target: EntryRef
  reason: string
}

export interface EntryPayloads {
  note: NotePayload
  incident: IncidentPayload
  'web-capture': WebCapturePayload
  file: FilePayload
  amendment: AmendmentPayload
  withdrawal: WithdrawalPayload
  custody: CustodyPayload
  anchor: AnchorPayload
  probe: ProbePayload
  watch: WatchPayload
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
