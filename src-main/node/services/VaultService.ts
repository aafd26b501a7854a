import type { BackupStatusView } from '../../common/contract/DalelApi'
import { readHeaderFile } from '../vault/headerFile'
import { vaultFingerprint } from './vaultFingerprint'
import { backupStatus } from './backupStatus'
import type { RemovableDriveView } from '../../common/contract/DalelApi'
import type {
  CaptureRequestsView,
  EntryCheckView,
  SavedCopyView
} from '../../common/contract/EntryPageApi'
import type { TimelineArgs, TimelinePageView } from '../../common/contract/DalelApi'
import type {
  AmendInput,
  AttachInput,
  EntryView,
  IncidentInput,
  TimestampOutcome,
  TimestampingView,
  NoteInput,
  UnlockSecret,
  VaultSummary,
  WithdrawInput
} from '../../common/contract/VaultApi'
import { toHex } from '../../common/encoding/hex'
import type { EntryKind } from '../../common/entry/Entry'
import { DalelError } from '../../common/errors/DalelError'
import { nodeBackupIo } from '../backup/backupIo'
import type { BackupProgress, BackupResult } from '../backup/backupVault'
import { verifyBackup } from '../backup/verifyBackup'
import type { BackupReport } from '../backup/verifyBackup'
import type {
  ExportBundleOptions,
  ExportBundleResult,
  ExportProgress
} from '../bundle/exportBundle'
import { verifyBundle } from '../bundle/verifyBundle'
import type { BundleReport } from '../bundle/verifyBundle'
import type { WebCaptureRun } from '../capture/WebCaptureRun'
import type { CaptureBrowser } from '../ports/CdpTransport'
import type { ProbeRun } from '../probe/ProbeRun'
import type { TimestampOptions } from '../timestamp/timestampVault'
import { trustedTsaRoots } from '../timestamp/trustedTsaRoots'
import { verifyAnchors, withAnchors } from '../timestamp/verifyAnchors'
import { Vault } from '../vault/Vault'
import type { CreateVaultOptions, OpenVaultOptions } from '../vault/Vault'
import type { VerifyReport } from '../vault/verifyVault'
import { addAttachment } from './addAttachment'
import type { AttachProgress } from './addAttachment'
import type { FileDigest } from '../vault/fileDigest'
import { addIncident } from './addIncident'
import { addNote } from './addNote'
import { amendEntry } from './amendEntry'
import { amendedView } from './amendedView'
import { captureRequests } from './captureRequests'
import { captureUrls } from './captureUrls'
import { checkEntry } from './checkEntry'
import type { LastVerification } from './checkEntry'
import { lastBackupTarget } from './lastBackupTarget'
import { previewAttachment } from './previewAttachment'
import { probeUrls } from './probeUrls'
import { recheckCaptures } from './recheckCaptures'
import { recordBackup } from './recordBackup'
import { recordExport } from './recordExport'
import { recordRestore } from './recordRestore'
import { removableDriveStatus } from './removableDriveStatus'
import { restoreVault } from './restoreVault'
import { saveAttachmentCopy } from './saveAttachmentCopy'
import type { ServiceScope, VaultServiceDeps } from './ServiceScope'
import { timeline } from './timeline'
import { changeWatchList, currentWatchList } from './watchList'
import type { WatchListChange } from './watchList'
import type { WatchedUrl } from '../../common/entry/Entry'
import {
  changeTimestamping,
  timestampHead,
  timestampIfDue,
  timestampingView
} from './timestampUseCases'
import { toView } from './toView'
import { withEitherSecret } from './withEitherSecret'
import { withdrawEntry } from './withdrawEntry'
import { FilesHashedAhead } from './FilesHashedAhead'

export type { VaultServiceDeps }
export { toView }

/**
 * What runs only while a vault is open (the watch list's probes): told after a vault opens,
 * and told synchronously when it starts to lock, before the keys go.
 */
export interface VaultLifecycle {
  opened(): void
  locking(): void
}

/**
 * The one implementation of Dalel's capabilities over a vault. The CLI, the IPC layer and the
 * UI test harness all call this object and hold no logic of their own.
 *
 * The class holds only the state (which vault is open, and with which secret); every use case
 * lives in its own file beside this one, takes the open Vault or a ServiceScope, and has its
 * own test. A new capability: a method here, its use case in a file of its name.
 */
export class VaultService {
  private vault: Vault | null = null
  private path: string | null = null
  private unlockedBy: 'passphrase' | 'recovery' | null = null
  private readonly scope: ServiceScope
  private readonly lifecycles: VaultLifecycle[] = []
  /** the last whole-vault verification since this vault was opened (the entry page's verdict) */
  private lastVerification: LastVerification | null = null
  /** files chosen in the app, hashed before they are attached */
  private readonly ahead = new FilesHashedAhead()

  constructor(private readonly deps: VaultServiceDeps) {
    this.scope = { vault: () => this.current(), deps }
  }

  private current(): Vault {
    if (this.vault === null) throw new DalelError('vault-locked')
    return this.vault
  }

  /** Adds something that starts when a vault opens and stops when it locks. */
  addLifecycle(lifecycle: VaultLifecycle): void {
    this.lifecycles.push(lifecycle)
  }

  private opened(): void {
    this.deps.sealThreads?.warm()
    for (const lifecycle of this.lifecycles) lifecycle.opened()
  }

  /** Whether a vault is open: the faces ask this instead of catching 'vault-locked'. */
  isUnlocked(): boolean {
    return this.vault !== null
  }

  async createVault(
    path: string,
    options: CreateVaultOptions
  ): Promise<{ recoveryCode: string; summary: VaultSummary }> {
    await this.lock()
    const { vault, recoveryCode } = await Vault.create(path, options, this.deps)
    this.vault = vault
    this.path = path
    this.unlockedBy = 'recovery'
    this.opened()
    return { recoveryCode, summary: this.summary() }
  }

  /**
   * Unlocks with a passphrase or the recovery code; `{ secret }` is whatever was typed at a
   * prompt that takes either (withEitherSecret).
   */
  async unlock(
    path: string,
    secret: UnlockSecret | { secret: string },
    options: OpenVaultOptions = {}
  ): Promise<VaultSummary> {
    await this.lock()
    return withEitherSecret(secret, async (either) => {
      this.vault = await Vault.open(path, either, options, this.deps)
      this.path = path
      this.unlockedBy = 'passphrase' in either ? 'passphrase' : 'recovery'
      this.opened()
      return this.summary()
    })
  }

  /** Wipes the keys from memory and forgets the vault. */
  async lock(): Promise<void> {
    if (this.vault !== null) for (const lifecycle of this.lifecycles) lifecycle.locking()
    const vault = this.vault
    this.vault = null
    this.path = null
    this.unlockedBy = null
    this.lastVerification = null
    this.ahead.forget()
    await vault?.close()
    await this.deps.sealThreads?.drop()
  }

  /** Which secret opened the vault: a passphrase change needs it again to rewrap. */
  unlockedWith(): 'passphrase' | 'recovery' {
    this.current()
    return this.unlockedBy ?? 'passphrase'
  }

  summary(): VaultSummary {
    const vault = this.current()
    return {
      path: this.path ?? vault.dir,
      vaultId: vault.vaultId,
      createdAt: vault.createdAt,
      publicKey: toHex(vault.publicKey),
      entries: vault.count(),
      head: vault.head(),
      notices: vault.notices.map((n) => ({ code: n.code, params: n.params }))
    }
  }

  list(query: { kinds?: EntryKind[]; limit?: number } = {}): EntryView[] {
    return this.current()
      .list(query)
      .map((stored) => amendedView(this.current(), stored))
  }

  search(query: string): EntryView[] {
    return this.current()
      .search(query)
      .map((stored) => amendedView(this.current(), stored))
  }

  timeline(args: TimelineArgs): TimelinePageView {
    return timeline(this.current(), args)
  }

  /** The entry with its amendments applied; `original` gives it as recorded instead. */
  getEntry(ref: string, options: { original?: boolean } = {}): EntryView {
    const stored = this.current().get(ref)
    return options.original === true ? toView(stored) : amendedView(this.current(), stored)
  }

  async readAttachment(seq: number, position: number): Promise<Uint8Array> {
    return this.current().readAttachment(seq, position)
  }

  /** Records a note (addNote). */
  async addNote(input: NoteInput): Promise<EntryView> {
    return addNote(this.current(), input)
  }

  /** Records an incident (addIncident). */
  async addIncident(input: IncidentInput): Promise<EntryView> {
    return addIncident(this.current(), input)
  }

  /**
   * Starts hashing files the journalist chose to attach (in the app's dialog or by a drop),
   * while the attach form is filled in (FilesHashedAhead); settles when they are hashed. Only
   * while a vault is open.
   */
  hashAhead(paths: readonly string[]): Promise<void> {
    if (this.vault === null) return Promise.resolve()
    return this.ahead.start(paths)
  }

  /**
   * Stops hashing files no longer on the attach form (or all of them) and forgets their
   * digests; gives how many were forgotten.
   */
  forgetHashedAhead(paths?: readonly string[]): number {
    return this.ahead.forget(paths)
  }

  /**
   * Records one entry holding the given files (addAttachment). Files hashed ahead are checked
   * against their digests while sealed instead of hashed again; if one changed since it was
   * hashed, the entry is stored from the files as they are now, hashed while sealed.
   */
  async addAttachment(
    input: AttachInput,
    onProgress?: (progress: AttachProgress) => void,
    /** files hashed ahead (hashAttachmentsAhead), by the CLI while it unlocks */
    digests?: readonly FileDigest[]
  ): Promise<EntryView> {
    const vault = this.current()
    if (digests !== undefined) return addAttachment(vault, input, onProgress, digests)
    const ready = this.ahead.take(input.files.map((file) => file.path))
    try {
      return await addAttachment(vault, input, onProgress, ready)
    } catch (error) {
      if (ready.length === 0 || !(error instanceof DalelError) || error.code !== 'file-changed')
        throw error
      return addAttachment(vault, input, onProgress)
    }
  }

  /** Corrects fields of an earlier entry by an amendment (amendEntry). */
  async amend(input: AmendInput): Promise<EntryView> {
    return amendEntry(this.current(), input)
  }

  /** Destroys an earlier entry's content by a withdrawal (withdrawEntry). */
  async withdraw(input: WithdrawInput): Promise<EntryView> {
    return withdrawEntry(this.current(), input)
  }

  /**
   * Verifies the whole vault and then every timestamp anchor in it (`trustedCas`: CAs to
   * trust for the tokens besides the system's and the vault setting's, PEM).
   */
  async verify(
    onProgress?: (done: number, total: number) => void,
    options: { trustedCas?: readonly string[] } = {}
  ): Promise<VerifyReport> {
    const vault = this.current()
    const at = this.deps.clock.now().toISOString()
    const report = withAnchors(await vault.verify(onProgress), await verifyAnchors(vault, options))
    if (this.vault === vault)
      this.lastVerification = { at, ok: report.ok, problems: report.problems }
    return report
  }

  /** One entry against its entry hash, the chain and its signature, now (checkEntry). */
  checkEntry(seq: number): EntryCheckView {
    return checkEntry(this.current(), seq, this.deps.clock.now(), this.lastVerification)
  }

  /** A web capture's request log, from its HAR attachment (captureRequests). */
  async captureRequests(seq: number): Promise<CaptureRequestsView> {
    return captureRequests(this.current(), seq)
  }

  /** A decrypted copy of one attachment at a path the person chose (saveAttachmentCopy). */
  async saveAttachmentCopy(
    target: Parameters<typeof saveAttachmentCopy>[2]
  ): Promise<SavedCopyView> {
    const vault = this.current()
    return saveAttachmentCopy(vault, this.path ?? vault.dir, target)
  }

  /** Asks the authorities for trusted timestamps over the head now (`dalel timestamp`). */
  async timestampHead(options: TimestampOptions = {}): Promise<TimestampOutcome> {
    return timestampHead(this.current(), options)
  }

  /**
   * Stamps the head if the vault's setting is on and an entry is uncovered (after captures,
   * and the app's retry while unlocked); null when there was nothing to do.
   */
  async timestampIfDue(options: { timeoutMs?: number } = {}): Promise<TimestampOutcome | null> {
    return timestampIfDue(this.current(), options)
  }

  /** The network is up right after a capture: when the setting is on, stamp the head then. */
  private async timestampAfterCapture(run: WebCaptureRun): Promise<void> {
    const outcome = await this.timestampIfDue()
    if (outcome !== null) run.onTimestamped?.(outcome)
  }

  timestamping(): TimestampingView {
    return timestampingView(this.current())
  }

  async setTimestamping(
    change: Partial<Pick<TimestampingView, 'enabled' | 'authorities' | 'trustedCas'>>
  ): Promise<TimestampingView> {
    return changeTimestamping(this.current(), change)
  }

  /** Backs the vault up to `target` and records it as a custody entry (recordBackup). */
  async backup(
    target: string,
    onProgress?: (progress: BackupProgress) => void
  ): Promise<{ custody: EntryView; result: BackupResult }> {
    return recordBackup(this.scope, target, onProgress)
  }

  /**
   * The removable drives to back up to, with this vault's last backup on each (none while
   * locked).
   */
  async removableDrives(warningDays: number): Promise<RemovableDriveView[]> {
    const vaultId = this.vault === null ? null : this.vault.vaultId
    return removableDriveStatus(this.deps, vaultId, warningDays)
  }

  /** The target of the newest backup custody entry (lastBackupTarget). */
  lastBackupTarget(): string | null {
    return lastBackupTarget(this.current())
  }

  /** The newest backup recorded in the vault, and whether the reminder is due (backupStatus). */
  backupStatus(warningDays: number): BackupStatusView {
    return backupStatus(
      this.list({ kinds: ['custody'] }),
      this.summary().createdAt,
      this.deps.clock.now(),
      warningDays
    )
  }

  /**
   * The vault's key fingerprint (common/crypto/keyFingerprint), read from vault.json: the
   * public key is not secret and the header holds it, so no passphrase is needed.
   */
  async fingerprint(
    path: string
  ): Promise<{ vaultId: string; publicKey: string; fingerprint: string }> {
    const header = await readHeaderFile(path)
    const publicKey = header.signingPublicKey
    return { vaultId: header.vaultId, publicKey, fingerprint: vaultFingerprint(publicKey) }
  }

  /** Checks a backup's manifest signature and every file's hash; needs no passphrase. */
  async verifyBackup(dir: string): Promise<BackupReport> {
    return verifyBackup(this.deps.backupIo ?? nodeBackupIo, dir)
  }

  /**
   * Restores a backup into a new vault, verifies it whole, leaves it unlocked, and records
   * the restore as a custody entry in it.
   */
  async restore(
    backupDir: string,
    vaultDir: string,
    secret: UnlockSecret | { secret: string }
  ): Promise<{ summary: VaultSummary; custody: EntryView }> {
    await this.lock()
    const { vault, unlockedBy } = await restoreVault(this.deps, backupDir, vaultDir, secret)
    this.vault = vault
    this.path = vaultDir
    this.unlockedBy = unlockedBy
    const custody = await recordRestore(vault, backupDir)
    this.opened()
    return { summary: this.summary(), custody }
  }

  /**
   * Writes an evidence bundle of the chosen entries for a lawyer and records the export as a
   * custody entry carrying the bundle's SHA-256 (recordExport).
   */
  async exportBundle(
    options: ExportBundleOptions & { browser?: CaptureBrowser | null },
    onProgress?: (progress: ExportProgress) => void
  ): Promise<{ custody: EntryView; bundle: Omit<ExportBundleResult, 'custody'> }> {
    return recordExport(this.current(), options, this.deps, onProgress)
  }

  /** Checks an evidence bundle (a zip or its unzipped folder); needs no vault and no passphrase. */
  async verifyBundle(
    path: string,
    options: { trustedCas?: readonly string[] } = {}
  ): Promise<BundleReport> {
    return verifyBundle(path, {}, { trustedTsaRoots: trustedTsaRoots(options.trustedCas) })
  }

  async changePassphrase(current: UnlockSecret, next: string): Promise<void> {
    await this.current().changePassphrase(current, next)
  }

  /** Captures each URL and records it as a web-capture entry (captureUrls). */
  async captureWeb(urls: readonly string[], run: WebCaptureRun): Promise<EntryView[]> {
    const views = await captureUrls(this.scope, urls, run)
    await this.timestampAfterCapture(run)
    return views
  }

  /** Captures named web captures again and records what changed (recheckCaptures). */
  async recheckWeb(refs: readonly string[], run: WebCaptureRun): Promise<EntryView[]> {
    const views = await recheckCaptures(this.scope, refs, run)
    await this.timestampAfterCapture(run)
    return views
  }

  /** Availability probes of each URL, in rounds (probeUrls). */
  async probeWeb(urls: readonly string[], run: ProbeRun): Promise<EntryView[]> {
    return probeUrls(this.scope, urls, run)
  }

  /** The watch list the app probes while the vault is unlocked (watchList). */
  watchList(): WatchedUrl[] {
    return currentWatchList(this.current())
  }

  /** Records a change of the watch list as a `watch` entry; null when nothing changed. */
  async changeWatchList(change: WatchListChange): Promise<EntryView | null> {
    return changeWatchList(this.current(), change)
  }

  /** An attachment's bytes for an <img> in the app, if it may be shown (previewAttachment). */
  async previewAttachment(
    seq: number,
    index: number
  ): Promise<{ bytes: Uint8Array; mediaType: string } | null> {
    return previewAttachment(this.scope, seq, index)
  }
}
