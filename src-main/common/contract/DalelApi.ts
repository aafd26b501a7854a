import type { z } from 'zod'
import type {
  CaptureOutcome,
  CustodyAction,
  EntryKind,
  IncidentType,
  RecheckOutcome,
  WebCapturePayload
} from '../entry/Entry'
import type { EntryStatus } from '../availability/entryStatus'
import type { METHOD_SCHEMAS } from './methodSchemas'
import type { Result } from './Result'
import type { CaptureRequestsView, EntryCheckView, SavedCopyView } from './EntryPageApi'
import type { EntryView, TimestampOutcome, TimestampingView, VaultSummary } from './VaultApi'
import type { WatchHistoryView, WatchItemView, WatchProbeEvent } from './WatchApi'

/**
 * The contract between the desktop UI and Dalel's core: one map of methods and one of
 * events. The preload exposes exactly these as `window.dalel`; the main process answers each
 * method on the channel `dalel:<method>` after checking the sender and the arguments; the
 * e2e/web harness binds the same handlers through Playwright. Every argument and every answer
 * is plain data (structured-clone safe): no functions, no class instances, no Electron objects.
 */

/** A problem or warning of a vault verification, as the UI shows it. */
export interface VerifyProblemView {
  code: string
  detail: string
  seq?: number
  file?: string
}

export interface VerifyReportView {
  ok: boolean
  entries: number
  withdrawn: number
  attachments: number
  head: { seq: number; chain: string } | null
  problems: VerifyProblemView[]
  warnings: VerifyProblemView[]
  /** the trusted-timestamp anchors checked; coveredSeq: entries 1…coveredSeq are covered */
  timestamps?: { anchors: number; tokens: number; coveredSeq: number }
}

/**
 * A method's argument as the page sends it: the input type of the schema the main process
 * parses it with (methodSchemas), so the two cannot drift; "no argument" is undefined.
 */
type ArgsOf<M extends keyof typeof METHOD_SCHEMAS> =
  z.input<(typeof METHOD_SCHEMAS)[M]> extends infer A ? (null extends A ? undefined : A) : never

/**
 * `out`: where the zip goes (in the app, a path the save dialog returned); `entries`: seqs or
 * ids, or 'all' for every entry that is not withdrawn.
 */
export type ExportArgs = ArgsOf<'exportBundle'>

export interface ExportResultView {
  custody: EntryView
  path: string
  sha256: string
  bytes: number
  disclosed: number[]
  /** the vault key's fingerprint, for the journalist to read to the lawyer over another channel */
  fingerprint: string
  /** disclosed entries corrected by an amendment the bundle does not carry */
  undisclosedAmendments: { seq: number; amendedBy: number }[]
}

/** A bundle someone sent, checked without any vault (what `dalel verify-bundle` checks). */
export interface BundleCheckView {
  /** true only when every file, signature, chain link and disclosed entry held */
  ok: boolean
  /** what the manifest says (null when missing or invalid); to be trusted only when ok */
  manifest: {
    created: string
    exporter: string
    recipient: string
    purpose: string
    head: { seq: number; chain: string }
    /** the fingerprint of the key the bundle was signed with */
    fingerprint: string
    /**
     * files: the entry's attachments in the bundle (entry.json not counted); attachments:
     * each one's path in the bundle (`entries/<seq>/<index>.<ext>`) and the name it was
     * recorded under (from entry.json)
     */
    entries: {
      seq: number
      id: string
      kind: string
      files: number
      attachments: { path: string; name: string }[]
    }[]
  } | null
  /** disclosed entries whose every check held */
  verified: number[]
  files: number
  /** `code` translates as bundleProblem.<code>; `detail` is technical English */
  problems: { code: string; file?: string; seq?: number; detail: string }[]
  /** per disclosed entry: what its trusted timestamp proves, or null when it has none */
  timestamps: {
    seq: number
    timestamp: { coveredSeq: number; genTime: string; authority: string; trusted: boolean } | null
  }[]
}

/** The newest backup of the unlocked vault (from its custody entries) and whether one is due. */
export interface BackupStatusView {
  last: { target: string; at: string; seq: number } | null
  /** the reminder setting: a backup is due this many days after the last */
  warningDays: number
  /** the last backup (or, without one, the vault's creation) is older than warningDays */
  due: boolean
}

export interface BackupResultView {
  custody: EntryView
  dir: string
  bytesWritten: number
  filesWritten: number
  filesReused: number
}

export interface RemovableDriveView {
  path: string
  label: string
  /** ISO time of the newest Dalel backup of this vault on the drive, if any */
  lastBackupAt: string | null
  /** where this vault's backup goes on the drive (<drive>/Dalel/<vaultId>); null while locked */
  backupDir: string | null
}

/**
 * What the timeline asks for: one page of entries, filtered and ordered. `order`:
 * `occurred` is when it happened (occurredAt, else recordedAt), `recorded` when recorded;
 * `from` inclusive and `to` exclusive (ISO instants); `text` the words typed into the search
 * (every word must occur, as a prefix); `cursor` the previous page's nextCursor, or `offset`
 * a jump to that row; `limit` 1–500.
 */
export type TimelineArgs = ArgsOf<'timeline'>

/** One line of the timeline: what the list shows, without the entry's whole content. */
export interface TimelineRowView {
  seq: number
  id: string
  kind: EntryKind
  recordedAt: string
  occurredAt: string | null
  /** the order's time (UTC ISO) */
  at: string
  /** null once withdrawn */
  title: string | null
  incidentType?: IncidentType
  tags: string[]
  captureOutcome?: CaptureOutcome
  recheckOutcome?: RecheckOutcome
  /** what a web capture, recheck or probe found (common/availability entryStatus) */
  status?: EntryStatus
  custodyAction?: CustodyAction
  /** the entry an amendment, withdrawal or recheck names */
  target?: number
  attachments: number
  amendments: number
  withdrawnBy: number | null
  /** with a text query: the matching words between \u0002 and \u0003 */
  snippet?: string
  /**
   * Trusted time (issue 13): the earliest timestamp covering the entry (on a timestamp
   * anchor, its own); null when none does yet and the vault timestamps; absent when neither,
   * and on setting anchors.
   */
  timestamp?: { genTime: string; authorities: string[] } | null
  /** an anchor: what it is, since its stored title is not for display */
  anchor?:
    | { action: 'timestamp'; coveredSeq: number; authorities: string[] }
    | { action: 'setting'; enabled: boolean }
}

export interface TimelinePageView {
  rows: TimelineRowView[]
  /** how many entries match, over every page */
  total: number
  nextCursor: string | null
}

export type LockReason = 'user' | 'idle' | 'suspend' | 'screen-locked' | 'panic'

export type Language = 'kk' | 'ru' | 'en'

/** What the app remembers between runs. None of it is evidence; none of it is secret. */
export interface Settings {
  language: Language
  /** lock after this many idle minutes; 0 never */
  autoLockMinutes: number
  /** the vault opened last, offered on the unlock screen */
  lastVaultPath: string | null
  /** the folder of the last backup */
  lastBackupTarget: string | null
  /** warn when the newest backup is older than this many days */
  backupWarningDays: number
  /**
   * keep the capture browser's logins (cookies only, encrypted by the OS keychain) between
   * runs; off, captures run in a session that lives in memory and leaves nothing on disk
   */
  keepCaptureLogins: boolean
}

export interface CaptureProgressEvent {
  /** 1-based */
  index: number
  total: number
  url: string
  stage: 'loading' | 'recorded'
  /** with 'recorded' */
  entry?: EntryView
  outcome?: WebCapturePayload['outcome']
}

/** Bytes of the bundle written so far; the same shape as a backup's progress. */
export type ExportProgressEvent = BackupProgressEvent

/** Bytes of the files being attached encrypted so far, over all of them; as a backup's. */
export type AttachProgressEvent = BackupProgressEvent

export interface BackupProgressEvent {
  bytesDone: number
  bytesTotal: number
  /** estimated, null until it can be estimated */
  secondsLeft: number | null
}

/** Where a capture's temporary files pass (DalelMethods.captureTempDir). */
export interface CaptureTempDirView {
  /** true: a private directory in RAM (/dev/shm); false: the system's temp folder, maybe a disk */
  inRam: boolean
}

/** Every method: its one argument (an object, or undefined) and what it answers. */
export interface DalelMethods {
  createVault(args: ArgsOf<'createVault'>): {
    summary: VaultSummary
    /** shown once, never stored by the app */
    recoveryCode: string
  }
  /** passphrase or recovery code */
  unlock(args: ArgsOf<'unlock'>): VaultSummary
  lock(args: ArgsOf<'lock'>): null
  /** the unlocked vault's summary, or null when locked */
  status(args: ArgsOf<'status'>): VaultSummary | null
  list(args: ArgsOf<'list'>): EntryView[]
  search(args: ArgsOf<'search'>): EntryView[]
  /** one page of the timeline; the page never holds more than it shows */
  timeline(args: ArgsOf<'timeline'>): TimelinePageView
  getEntry(args: ArgsOf<'getEntry'>): EntryView
  /** checks one entry against its entry hash, the chain and its signature (the page's verdict) */
  checkEntry(args: ArgsOf<'checkEntry'>): EntryCheckView
  /** a web capture's request log, from its HAR attachment */
  captureRequests(args: ArgsOf<'captureRequests'>): CaptureRequestsView
  /**
   * Writes a decrypted copy of one attachment to a path chooseSaveFile returned for
   * 'attachment'; refuses an existing file (`file-exists`) unless `overwrite`
   */
  saveAttachment(args: ArgsOf<'saveAttachment'>): SavedCopyView
  addNote(args: ArgsOf<'addNote'>): EntryView
  addIncident(args: ArgsOf<'addIncident'>): EntryView
  /**
   * Files the journalist chose with chooseFiles (the app accepts only paths its own dialog
   * returned) or, in the e2e harness, paths the test made.
   */
  addAttachment(args: ArgsOf<'addAttachment'>): EntryView
  /**
   * opens the system file picker; [] when cancelled. The app starts hashing the files chosen
   * at once, while the attach form is filled in (VaultService.hashAhead)
   */
  chooseFiles(args: ArgsOf<'chooseFiles'>): string[]
  /**
   * the attach form no longer lists these files (removed from it, or the form left): the app
   * stops hashing them and forgets their digests; without `paths`, every chosen file
   */
  forgetChosenFiles(args: ArgsOf<'forgetChosenFiles'>): { forgotten: number }
  /** opens the system folder picker; null when cancelled */
  chooseFolder(args: ArgsOf<'chooseFolder'>): string | null
  /** opens the system save dialog; null when cancelled. The app grants the path for that use only */
  chooseSaveFile(args: ArgsOf<'chooseSaveFile'>): string | null
  /** opens the system file picker for one evidence bundle; null when cancelled */
  chooseBundle(args: ArgsOf<'chooseBundle'>): string | null
  /** checks a bundle (a path chooseBundle returned) without any vault; works while locked */
  verifyBundle(args: ArgsOf<'verifyBundle'>): BundleCheckView
  captureUrl(args: ArgsOf<'captureUrl'>): EntryView[]
  /**
   * Captures named web captures again (all: the newest capture of every URL) and records
   * each outcome (unchanged, changed, restored, unavailable, gone); progress as captureProgress
   */
  recheck(args: ArgsOf<'recheck'>): EntryView[]
  /**
   * Stops the capture or recheck under way: its page is closed, nothing more is recorded,
   * and that call fails with capture-cancelled. false when nothing was under way.
   */
  cancelCapture(args: ArgsOf<'cancelCapture'>): { cancelled: boolean }
  /**
   * Whether a capture's passing temporary files (Chromium's MHTML, report.pdf's print stream)
   * stay in RAM on this computer, or touch the system's temp folder for a moment (no roomy
   * tmpfs: macOS, Windows, small containers); see node/capture/README "What touches the disk"
   */
  captureTempDir(args: ArgsOf<'captureTempDir'>): CaptureTempDirView
  /** one availability probe of each URL (one round), recorded as `probe` entries */
  probeUrl(args: ArgsOf<'probeUrl'>): EntryView[]
  amend(args: ArgsOf<'amend'>): EntryView
  withdraw(args: ArgsOf<'withdraw'>): EntryView
  verify(args: ArgsOf<'verify'>): VerifyReportView
  exportBundle(args: ArgsOf<'exportBundle'>): ExportResultView
  backup(args: ArgsOf<'backup'>): BackupResultView
  removableDrives(args: ArgsOf<'removableDrives'>): RemovableDriveView[]
  backupStatus(args: ArgsOf<'backupStatus'>): BackupStatusView
  restore(args: ArgsOf<'restore'>): VaultSummary
  getSettings(args: ArgsOf<'getSettings'>): Settings
  setSettings(args: ArgsOf<'setSettings'>): Settings
  /** asks the vault's authorities for trusted timestamps over the head now */
  timestampHead(args: ArgsOf<'timestampHead'>): TimestampOutcome
  /**
   * stamps the head when the vault's setting is on and an entry is uncovered (the app calls
   * it after captures and now and then while unlocked); null when there was nothing to do
   */
  timestampIfDue(args: ArgsOf<'timestampIfDue'>): TimestampOutcome | null
  getTimestamping(args: ArgsOf<'getTimestamping'>): TimestampingView
  setTimestamping(args: ArgsOf<'setTimestamping'>): TimestampingView
  /**
   * Rewraps the master key under a new passphrase (the data is not re-encrypted); the
   * current passphrase or the recovery code proves it is the owner. The recovery code keeps
   * working.
   */
  changePassphrase(args: ArgsOf<'changePassphrase'>): { changed: true }
  /** the watch list (kept in the vault), each address with its record so far */
  watchList(args: ArgsOf<'watchList'>): WatchItemView[]
  /** adds an address to the watch list, or changes its interval; probed at once */
  watchAdd(args: ArgsOf<'watchAdd'>): WatchItemView[]
  watchRemove(args: ArgsOf<'watchRemove'>): WatchItemView[]
  /** probes a watched address now */
  watchCheck(args: ArgsOf<'watchCheck'>): WatchItemView[]
  /** one address's probes and captures, newest first, with its outages */
  watchHistory(args: ArgsOf<'watchHistory'>): WatchHistoryView
}

export interface DalelEvents {
  captureProgress: CaptureProgressEvent
  backupProgress: BackupProgressEvent
  exportProgress: ExportProgressEvent
  attachProgress: AttachProgressEvent
  /** the vault was locked (keys wiped); the UI clears itself */
  locked: { reason: LockReason }
  /** a trusted timestamp was recorded in the background: entries 1…coveredSeq are covered */
  timestamped: { coveredSeq: number; genTime: string }
  /** a watched address was probed (and recorded); `before` is set when its state changed */
  watchProbe: WatchProbeEvent
}

export type MethodName = keyof DalelMethods
export type EventName = keyof DalelEvents
export type MethodArgs<M extends MethodName> = Parameters<DalelMethods[M]>[0]
export type MethodValue<M extends MethodName> = ReturnType<DalelMethods[M]>

/** Every method name, for the preload and the main process to enumerate. */
export const METHOD_NAMES = [
  'createVault',
  'unlock',
  'lock',
  'status',
  'list',
  'search',
  'timeline',
  'getEntry',
  'checkEntry',
  'captureRequests',
  'saveAttachment',
  'addNote',
  'addIncident',
  'addAttachment',
  'chooseFiles',
  'forgetChosenFiles',
  'chooseFolder',
  'chooseSaveFile',
  'chooseBundle',
  'verifyBundle',
  'captureUrl',
  'recheck',
  'cancelCapture',
  'captureTempDir',
  'probeUrl',
  'amend',
  'withdraw',
  'verify',
  'exportBundle',
  'backup',
  'removableDrives',
  'backupStatus',
  'restore',
  'getSettings',
  'setSettings',
  'timestampHead',
  'timestampIfDue',
  'getTimestamping',
  'setTimestamping',
  'changePassphrase',
  'watchList',
  'watchAdd',
  'watchRemove',
  'watchCheck',
  'watchHistory'
] as const satisfies readonly MethodName[]

export const EVENT_NAMES = [
  'captureProgress',
  'backupProgress',
  'exportProgress',
  'attachProgress',
  'locked',
  'timestamped',
  'watchProbe'
] as const satisfies readonly EventName[]

/** The IPC channel of a method or an event. */
export function channelOf(name: MethodName | EventName): string {
  return `dalel:${name}`
}

/**
 * A file the person dropped on the page (the DOM's File, from a drop event's dataTransfer):
 * opaque here, since common/ has no DOM. Only the app's preload can tell its path.
 */
export interface DroppedFile {
  readonly name: string
  readonly size: number
}

/**
 * The channel the preload grants dropped files on: not a method of the contract, so the page
 * cannot send it paths of its own; the preload sends only what webUtils.getPathForFile read
 * from File objects of a drop.
 */
export const DROPPED_FILES_CHANNEL = 'dalel-drop:grant'

/** What the page sees as `window.dalel`. */
export type DalelBridge = {
  [M in MethodName]: (
    ...args: MethodArgs<M> extends undefined ? [] : [MethodArgs<M>]
  ) => Promise<Result<MethodValue<M>>>
} & {
  /** subscribes; returns the unsubscribe function */
  on<E extends EventName>(event: E, listener: (payload: DalelEvents[E]) => void): () => void
  /**
   * The paths of files dropped on the page, granted for attaching as chooseFiles grants what
   * its dialog returns: ordinary files only (a folder or a device is left out). The page hands
   * over the File objects, never a path.
   */
  droppedFiles(files: readonly DroppedFile[]): Promise<Result<string[]>>
  readonly version: string
}

/** Fails to compile when METHOD_NAMES or EVENT_NAMES leaves a name out. */
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : never
export const CONTRACT_IS_COMPLETE: [
  Missing<MethodName, (typeof METHOD_NAMES)[number]>,
  Missing<EventName, (typeof EVENT_NAMES)[number]>,
  Missing<keyof typeof METHOD_SCHEMAS, MethodName>
] = [true, true, true]

/**
 * The address of an attachment's bytes for <img>, relative to the page's origin: the app's
 * protocol handler (app://dalel) serves it from memory while the vault is unlocked, never
 * from disk; the e2e/web harness serves it from its own origin the same way.
 */
export function attachmentUrl(seq: number, index: number): string {
  return `/attachment/${seq}/${index}`
}
