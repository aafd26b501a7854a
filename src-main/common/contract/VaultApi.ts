import type { ChainLink } from '../chain/ChainLink'
import type { AppliedAmendment } from '../entry/applyAmendments'
import type {
  AmendmentChanges,
  AttachmentRole,
  Entry,
  EntryKind,
  IncidentPayload
} from '../entry/Entry'

/**
 * What every face of Dalel (the CLI, the app's IPC handlers, the e2e/web harness) asks of a
 * vault. One service implements it (node/services); faces parse and present, nothing more.
 */
export type UnlockSecret = { passphrase: string } | { recoveryCode: string }

export interface EntryView {
  seq: number
  id: string
  kind: EntryKind
  recordedAt: string
  /** null once withdrawn */
  entry: Entry | null
  link: ChainLink
  withdrawnBy: number | null
  referencedBy: { seq: number; id: string; kind: EntryKind }[]
  /** entries that name this one in their `about` ("referred to by") */
  linkedFrom: { seq: number; id: string; kind: EntryKind }[]
  /**
   * Present when amendments correct the entry: `entry` then holds the corrected values
   * (applyAmendments), and this the entry as recorded and which amendment set which field.
   */
  amended?: {
    original: Entry
    amendments: AppliedAmendment[]
    correctedBy: Readonly<Record<string, AppliedAmendment>>
  }
}

/**
 * What a new entry is about (`--about`, "add a note about this"): each a seq, an id or a
 * unique id prefix, as `show` takes them; stored as the entries' seq and id (payload `about`).
 */
export interface AboutInput {
  about?: string[]
}

export interface NoteInput extends AboutInput {
  title: string
  body?: string
  occurredAt?: string
  tags?: string[]
}

export type IncidentInput = { title: string; occurredAt?: string } & AboutInput &
  Omit<IncidentPayload, 'about'>

export interface AttachmentFileInput {
  path: string
  name?: string
  role?: AttachmentRole
  mediaType?: string
}

export interface AttachInput extends AboutInput {
  files: AttachmentFileInput[]
  title?: string
  body?: string
  occurredAt?: string
}

export interface AmendInput {
  /** seq, id, or a unique id prefix */
  target: string
  reason: string
  /** any field the target's kind lets an amendment correct (amendableFields), by key */
  changes?: AmendmentChanges
  // The four fields amendments first allowed, kept for callers that name them directly.
  title?: string
  body?: string
  occurredAt?: string
  place?: string
}

export interface WithdrawInput {
  target: string
  reason: string
}

export interface VaultSummary {
  path: string
  vaultId: string
  createdAt: string
  publicKey: string
  entries: number
  head: { seq: number; chain: string | null }
  notices: { code: string; params: Record<string, string | number> }[]
}

/** What one authority did when asked for a token. */
export type AuthorityAnswerView =
  | { authority: string; ok: true; genTime: string }
  | {
      authority: string
      ok: false
      /** `unreachable`, or a token problem (`tokenProblem.<reason>` translates it) */
      reason: string
      /** technical, untranslated; for --debug and support */
      detail: string
    }

/** The result of asking for trusted timestamps over the head. */
export interface TimestampOutcome {
  /** the anchor recorded; null when no authority gave a token that verified */
  anchor: EntryView | null
  covered: { seq: number; chain: string }
  answers: AuthorityAnswerView[]
}

/** The vault's timestamping setting, as faces show it. */
export interface TimestampingView {
  enabled: boolean
  /** the authorities the vault names; empty: the defaults */
  authorities: string[]
  trustedCas: string[]
  /** Dalel's default authorities */
  defaults: string[]
  /** some entry is not covered by a trusted timestamp yet */
  uncovered: boolean
}
