import { basename } from 'node:path'
import type { RemovableDriveView } from '../../common/contract/DalelApi'
import type { TimelineArgs, TimelinePageView } from '../../common/contract/DalelApi'
import { timeline } from './timeline'
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
import type { AmendmentChanges, EntryKind, IncidentPayload } from '../../common/entry/Entry'
import { amendableFields } from '../../common/entry/entryFields'
import { DalelError } from '../../common/errors/DalelError'
import { withoutUndefined as defined } from '../../common/util/withoutUndefined'
import { nodeBackupIo } from '../backup/backupIo'
import type { BackupProgress, BackupResult } from '../backup/backupVault'
import { restoreBackup } from '../backup/restoreBackup'
import { verifyBackup } from '../backup/verifyBackup'
import type { BackupReport } from '../backup/verifyBackup'
import { exportBundle } from '../bundle/exportBundle'
import type {
  ExportBundleOptions,
  ExportBundleResult,
  ExportProgress
} from '../bundle/exportBundle'
import { bundleExtraFiles } from '../bundle/report/bundleExtraFiles'
import { verifyBundle } from '../bundle/verifyBundle'
import type { BundleReport } from '../bundle/verifyBundle'
import type { WebCaptureRun } from '../capture/WebCaptureRun'
import { openRegularFile } from '../fs/openRegularFile'
import type { CaptureBrowser } from '../ports/CdpTransport'
import type { ProbeRun } from '../probe/ProbeRun'
import { Vault } from '../vault/Vault'
import type { CreateVaultOptions, OpenVaultOptions } from '../vault/Vault'
import type { VerifyReport } from '../vault/verifyVault'
import { captureUrls } from './captureUrls'
import { previewAttachment } from './previewAttachment'
import { probeUrls } from './probeUrls'
import { recheckCaptures } from './recheckCaptures'
import { recordBackup } from './recordBackup'
import { removableDriveStatus } from './removableDriveStatus'
import type { ServiceScope, VaultServiceDeps } from './ServiceScope'
import { toView } from './toView'
import { amendedView } from './amendedView'
import { withEitherSecret } from './withEitherSecret'
import type { TimestampOptions } from '../timestamp/timestampVault'
import { verifyAnchors, withAnchors } from '../timestamp/verifyAnchors'
import { trustedTsaRoots } from '../timestamp/trustedTsaRoots'
import {
  changeTimestamping,
  timestampHead,
  timestampIfDue,
  timestampingView
} from './timestampUseCases'

export type { VaultServiceDeps }
export { toView }

/**
 * The one implementation of Dalel's capabilities over a vault. The CLI, the IPC layer and the
 * UI test harness all call this object and hold no logic of their own.
 *
 * The class holds only the state (which vault is open, and with which secret); a use case
 * longer than a few lines lives in its own file beside this one, takes a ServiceScope and
 * has its own test. A new capability: a method here, its use case in a file of its name.
 */
export class VaultService {
  private vault: Vault | null = null
  private path: string | null = null
  private unlockedBy: 'passphrase' | 'recovery' | null = null
  private readonly scope: ServiceScope

  constructor(private readonly deps: VaultServiceDeps) {
    this.scope = { vault: () => this.current(), deps }
  }

  private current(): Vault {
    if (this.vault === null) throw new DalelError('vault-locked')
    return this.vault
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
      return this.summary()
    })
  }

  /** Wipes the keys from memory and forgets the vault. */
  async lock(): Promise<void> {
    const vault = this.vault
    this.vault = null
    this.path = null
    this.unlockedBy = null
    await vault?.close()
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

  async addNote(input: NoteInput): Promise<EntryView> {
    return toView(
      await this.current().append({
        kind: 'note',
        title: input.title,
        ...defined({ occurredAt: input.occurredAt }),
        payload: defined({ body: input.body, tags: input.tags?.length ? input.tags : undefined })
      })
    )
  }

  async addIncident(input: IncidentInput): Promise<EntryView> {
    const { title, occurredAt, ...payload } = input
    const cleaned = defined(
      Object.fromEntries(
        Object.entries(payload).map(([key, value]) => [
          key,
          Array.isArray(value) && value.length === 0 ? undefined : value
        ])
      )
    ) as unknown as IncidentPayload
    return toView(
      await this.current().append({
        kind: 'incident',
        title,
        ...defined({ occurredAt }),
        payload: cleaned
      })
    )
  }

  async addAttachment(input: AttachInput): Promise<EntryView> {
    if (input.files.length === 0) throw new DalelError('invalid-input', { field: 'file' })
    // Every file is checked before any is stored, so a FIFO or /proc file among several
    // refuses the whole entry at once; the vault checks the opened descriptor again.
    for (const file of input.files) {
      const { handle } = await openRegularFile(file.path)
      await handle.close()
    }
    const title = input.title ?? input.files.map((f) => f.name ?? basename(f.path)).join(', ')
    return toView(
      await this.current().append(
        {
          kind: 'file',
          title,
          ...defined({ occurredAt: input.occurredAt }),
          payload: defined({ body: input.body })
        },
        input.files
      )
    )
  }

  async amend(input: AmendInput): Promise<EntryView> {
    const vault = this.current()
    const target = vault.get(input.target)
    if (target.entry === null) throw new DalelError('entry-withdrawn', { id: target.id })
    const changes = {
      ...defined({
        title: input.title,
        body: input.body,
        occurredAt: input.occurredAt,
        place: input.place
      }),
      ...input.changes
    } as AmendmentChanges
    const allowed = new Set(amendableFields(target.kind).map((field) => field.key))
    for (const key of Object.keys(changes))
      if (!allowed.has(key))
        throw new DalelError('not-amendable', { field: key, kind: target.kind, seq: target.seq })
    if (Object.keys(changes).length === 0)
      throw new DalelError('invalid-input', { field: 'changes' })
    return toView(
      await vault.append({
        kind: 'amendment',
        title: changes.title ?? target.entry.title,
        payload: { target: { seq: target.seq, id: target.id }, reason: input.reason, changes }
      })
    )
  }

  async withdraw(input: WithdrawInput): Promise<EntryView> {
    const vault = this.current()
    const target = vault.get(input.target)
    return toView(
      await vault.append({
        kind: 'withdrawal',
        title: `#${target.seq}`,
        payload: { target: { seq: target.seq, id: target.id }, reason: input.reason }
      })
    )
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
    return withAnchors(await vault.verify(onProgress), await verifyAnchors(vault, options))
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

  /** The target of the newest backup custody entry: where the journalist backed up last. */
  lastBackupTarget(): string | null {
    for (const view of this.current().list({ kinds: ['custody'] })) {
      const entry = view.entry
      if (
        entry?.kind === 'custody' &&
        entry.payload.action === 'backup' &&
        entry.payload.recipient !== undefined
      )
        return entry.payload.recipient
    }
    return null
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
    const vault = await withEitherSecret(secret, async (either) => {
      const restored = await restoreBackup(
        this.deps.backupIo ?? nodeBackupIo,
        backupDir,
        vaultDir,
        either,
        this.deps
      )
      this.unlockedBy = 'passphrase' in either ? 'passphrase' : 'recovery'
      return restored.vault
    })
    this.vault = vault
    this.path = vaultDir
    const custody = toView(
      await vault.append({
        kind: 'custody',
        title: `Restore ← ${backupDir}`,
        payload: { action: 'restore', recipient: vaultDir, body: `Restored from ${backupDir}` }
      })
    )
    return { summary: this.summary(), custody }
  }

  /**
   * Writes an evidence bundle of the chosen entries for a lawyer and records the export as a
   * custody entry carrying the bundle's SHA-256.
   */
  async exportBundle(
    options: ExportBundleOptions & { browser?: CaptureBrowser | null },
    onProgress?: (progress: ExportProgress) => void
  ): Promise<{ custody: EntryView; bundle: Omit<ExportBundleResult, 'custody'> }> {
    const { browser = null, ...rest } = options
    // verify.html and report.html always; report.pdf when a browser can print it.
    const withReport = { ...rest, extraFiles: rest.extraFiles ?? bundleExtraFiles({ browser }) }
    const { custody, ...bundle } = await exportBundle(this.current(), withReport, {
      clock: this.deps.clock,
      ...(onProgress !== undefined ? { onProgress } : {})
    })
    return { custody: toView(custody), bundle }
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

  /** An attachment's bytes for an <img> in the app, if it may be shown (previewAttachment). */
  async previewAttachment(
    seq: number,
    index: number
  ): Promise<{ bytes: Uint8Array; mediaType: string } | null> {
    return previewAttachment(this.scope, seq, index)
  }
}
