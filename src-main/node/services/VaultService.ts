import { basename } from 'node:path'
import type {
  AmendInput,
  AttachInput,
  EntryView,
  IncidentInput,
  NoteInput,
  UnlockSecret,
  VaultSummary,
  WithdrawInput
} from '../../common/contract/VaultApi'
import type { Clock } from '../../common/crypto/EvidenceCrypto'
import { toHex } from '../../common/encoding/hex'
import type { EntryKind, IncidentPayload } from '../../common/entry/Entry'
import { DalelError } from '../../common/errors/DalelError'
import { withoutUndefined as defined } from '../../common/util/withoutUndefined'
import { nodeBackupIo } from '../backup/backupIo'
import type { BackupIo } from '../backup/backupIo'
import { backupVault } from '../backup/backupVault'
import type { BackupProgress, BackupResult } from '../backup/backupVault'
import { restoreBackup } from '../backup/restoreBackup'
import { exportBundle } from '../bundle/exportBundle'
import { bundleExtraFiles } from '../bundle/report/bundleExtraFiles'
import type {
  ExportBundleOptions,
  ExportBundleResult,
  ExportProgress
} from '../bundle/exportBundle'
import { verifyBundle } from '../bundle/verifyBundle'
import type { BundleReport } from '../bundle/verifyBundle'
import { verifyBackup } from '../backup/verifyBackup'
import type { BackupReport } from '../backup/verifyBackup'
import { fromUtf8 } from '../../common/encoding/bytes'
import { captureEntry } from '../capture/captureEntry'
import { capturePage } from '../capture/capturePage'
import type { PageCapture } from '../capture/capturePage'
import { comparableOf, compareCaptures } from '../capture/compareCaptures'
import type { ComparableCapture, EarlierCapture } from '../capture/compareCaptures'
import { earlierCapturesOf } from '../capture/earlierCapturesOf'
import { newestCapturePerUrl } from '../capture/newestCapturePerUrl'
import { DEFAULT_CAPTURE_TIMEOUT_MS, checkCaptureUrl } from '../capture/WebCaptureRun'
import type { WebCaptureRun } from '../capture/WebCaptureRun'
import type { CaptureBrowser } from '../ports/CdpTransport'
import { openRegularFile } from '../fs/openRegularFile'
import { Vault } from '../vault/Vault'
import type { CreateVaultOptions, OpenVaultOptions, StoredEntry } from '../vault/Vault'
import type { VerifyReport } from '../vault/verifyVault'
import { looksLikeRecoveryCode } from '../vault/recoveryCode'

export interface VaultServiceDeps {
  clock: Clock
  /** the backup target's file operations; tests inject failures here */
  backupIo?: BackupIo
}

/**
 * The one implementation of Dalel's capabilities over a vault. The CLI, the IPC layer and the
 * UI test harness all call this object and hold no logic of their own.
 */
export class VaultService {
  private vault: Vault | null = null
  private path: string | null = null
  private unlockedBy: 'passphrase' | 'recovery' | null = null

  constructor(private readonly deps: VaultServiceDeps) {}

  private current(): Vault {
    if (this.vault === null) throw new DalelError('vault-locked')
    return this.vault
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
   * Unlocks with a passphrase or the recovery code. Text shaped like a recovery code is tried
   * as one first (a keyed hash, instant) and then as a passphrase (Argon2id), so a person may
   * type either at the same prompt.
   */
  async unlock(
    path: string,
    secret: UnlockSecret | { secret: string },
    options: OpenVaultOptions = {}
  ): Promise<VaultSummary> {
    await this.lock()
    if ('secret' in secret) {
      if (looksLikeRecoveryCode(secret.secret)) {
        try {
          return await this.unlock(path, { recoveryCode: secret.secret }, options)
        } catch (error) {
          if (!(error instanceof DalelError && error.code === 'wrong-passphrase')) throw error
        }
      }
      return this.unlock(path, { passphrase: secret.secret }, options)
    }
    this.vault = await Vault.open(path, secret, options, this.deps)
    this.path = path
    this.unlockedBy = 'passphrase' in secret ? 'passphrase' : 'recovery'
    return this.summary()
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
    return this.current().list(query).map(toView)
  }

  search(query: string): EntryView[] {
    return this.current().search(query).map(toView)
  }

  getEntry(ref: string): EntryView {
    return toView(this.current().get(ref))
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
    const changes = defined({
      title: input.title,
      body: input.body,
      occurredAt: input.occurredAt,
      place: input.place
    })
    if (Object.keys(changes).length === 0)
      throw new DalelError('invalid-input', { field: 'changes' })
    return toView(
      await vault.append({
        kind: 'amendment',
        title: input.title ?? target.entry?.title ?? `#${target.seq}`,
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

  async verify(onProgress?: (done: number, total: number) => void): Promise<VerifyReport> {
    return this.current().verify(onProgress)
  }

  /**
   * Backs the vault up to `target`, then records it as a custody entry naming the backup's
   * head. The entry comes after the backup (which therefore does not hold it): a failed
   * backup leaves no record claiming it happened, and the next backup carries this one.
   */
  async backup(
    target: string,
    onProgress?: (progress: BackupProgress) => void
  ): Promise<{ custody: EntryView; result: BackupResult }> {
    const vault = this.current()
    const sources = await vault.backupSources()
    let result: BackupResult
    try {
      result = await backupVault(sources, target, {
        io: this.deps.backupIo ?? nodeBackupIo,
        clock: this.deps.clock,
        sign: (label, bytes) => vault.signDocument(label, bytes),
        vaultId: vault.vaultId,
        publicKey: toHex(vault.publicKey),
        ...(onProgress !== undefined ? { onProgress } : {})
      })
    } finally {
      await sources.snapshot.handle.close()
      await sources.journal.handle.close()
    }
    const head = result.manifest.head
    const custody = toView(
      await vault.append({
        kind: 'custody',
        title: `Backup → ${target}`,
        payload: {
          action: 'backup',
          recipient: target,
          body: `Backup of #1–#${head.seq}, head ${head.chain}`
        }
      })
    )
    return { custody, result }
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
    if ('secret' in secret) {
      if (looksLikeRecoveryCode(secret.secret)) {
        try {
          return await this.restore(backupDir, vaultDir, { recoveryCode: secret.secret })
        } catch (error) {
          if (!(error instanceof DalelError && error.code === 'wrong-passphrase')) throw error
        }
      }
      return this.restore(backupDir, vaultDir, { passphrase: secret.secret })
    }
    const { vault } = await restoreBackup(
      this.deps.backupIo ?? nodeBackupIo,
      backupDir,
      vaultDir,
      secret,
      this.deps
    )
    this.vault = vault
    this.path = vaultDir
    this.unlockedBy = 'passphrase' in secret ? 'passphrase' : 'recovery'
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
  async verifyBundle(path: string): Promise<BundleReport> {
    return verifyBundle(path)
  }

  async changePassphrase(current: UnlockSecret, next: string): Promise<void> {
    await this.current().changePassphrase(current, next)
  }

  /**
   * Captures each URL in a fresh page of `run.browser` and records it as a web-capture
   * entry, one after another. A page that fails (DNS, TLS, 404, timeout) is recorded with
   * its outcome, like any other; only a broken browser or vault stops the run.
   */
  async captureWeb(urls: readonly string[], run: WebCaptureRun): Promise<EntryView[]> {
    this.current()
    const checked = urls.map(checkCaptureUrl)
    const views: EntryView[] = []
    for (const [index, url] of checked.entries()) {
      const started = performance.now()
      const capture = await this.capturePageFor(url, run)
      const { draft, files } = captureEntry(capture)
      const view = toView(await this.current().append(draft, files))
      views.push(view)
      run.onRecorded?.({
        index: index + 1,
        total: checked.length,
        url,
        view,
        payload: capture.payload,
        seconds: (performance.now() - started) / 1000
      })
    }
    return views
  }

  /**
   * The takedown log: captures again the URL of each named web capture (by default the
   * newest capture of every URL in the vault) and records a new entry that names the
   * earlier one and says whether the page is unchanged, changed, restored (to an earlier
   * capture, named), unavailable or gone.
   */
  async recheckWeb(refs: readonly string[], run: WebCaptureRun): Promise<EntryView[]> {
    const vault = this.current()
    const targets =
      refs.length > 0
        ? refs.map((ref) => {
            const stored = vault.get(ref)
            if (stored.entry === null) throw new DalelError('entry-withdrawn', { id: stored.id })
            if (stored.entry.kind !== 'web-capture')
              throw new DalelError('invalid-input', { field: 'id' })
            return stored
          })
        : newestCapturePerUrl(vault.list({ kinds: ['web-capture'] }))
    const views: EntryView[] = []
    for (const [index, target] of targets.entries()) {
      const started = performance.now()
      const entry = target.entry
      if (entry?.kind !== 'web-capture') continue
      const url = checkCaptureUrl(entry.payload.requestedUrl)
      const previous = await this.comparableCapture(target)
      const capture = await this.capturePageFor(url, run)
      const earlier = earlierCapturesOf(vault.list({ kinds: ['web-capture'] }), target)
      const result = await compareCaptures(
        { ...previous, ref: { seq: target.seq, id: target.id } },
        comparableOf(capture),
        earlier.map((stored) => this.earlierCapture(stored))
      )
      const { draft, files } = captureEntry(capture, result)
      const view = toView(await this.current().append(draft, files))
      views.push(view)
      run.onRecorded?.({
        index: index + 1,
        total: targets.length,
        url,
        view,
        payload: { ...capture.payload, recheck: result },
        seconds: (performance.now() - started) / 1000
      })
    }
    return views
  }

  private async capturePageFor(url: string, run: WebCaptureRun): Promise<PageCapture> {
    const operator = this.current().author
    const page = await run.browser.openPage()
    try {
      return await capturePage(
        page,
        url,
        {
          timeoutMs: run.timeoutMs ?? DEFAULT_CAPTURE_TIMEOUT_MS,
          operator,
          tool: { name: 'Dalel', version: run.toolVersion }
        },
        { clock: this.deps.clock }
      )
    } finally {
      await page.close()
    }
  }

  /** An earlier capture whose text and screenshot are read from the vault when asked for. */
  private earlierCapture(stored: StoredEntry): EarlierCapture {
    const entry = stored.entry
    if (entry?.kind !== 'web-capture') throw new DalelError('invalid-input', { field: 'id' })
    const read = async (role: 'text' | 'screenshot-full') => {
      const at = entry.attachments.findIndex((a) => a.role === role)
      return at >= 0 ? this.current().readAttachment(stored.seq, at) : undefined
    }
    return {
      ref: { seq: stored.seq, id: stored.id },
      outcome: entry.payload.outcome,
      text: async () => {
        const bytes = await read('text')
        return bytes !== undefined ? fromUtf8(bytes) : undefined
      },
      screenshot: async () => read('screenshot-full')
    }
  }

  /** An earlier capture's outcome, full text and full-page screenshot, from the vault. */
  private async comparableCapture(stored: StoredEntry): Promise<ComparableCapture> {
    const entry = stored.entry
    if (entry?.kind !== 'web-capture') throw new DalelError('invalid-input', { field: 'id' })
    const textAt = entry.attachments.findIndex((a) => a.role === 'text')
    const shotAt = entry.attachments.findIndex((a) => a.role === 'screenshot-full')
    const vault = this.current()
    return {
      outcome: entry.payload.outcome,
      ...(entry.payload.status !== undefined ? { status: entry.payload.status } : {}),
      ...(textAt >= 0 ? { text: fromUtf8(await vault.readAttachment(stored.seq, textAt)) } : {}),
      ...(shotAt >= 0 ? { screenshot: await vault.readAttachment(stored.seq, shotAt) } : {})
    }
  }
}

export function toView(stored: StoredEntry): EntryView {
  return {
    seq: stored.seq,
    id: stored.id,
    kind: stored.kind,
    recordedAt: stored.recordedAt,
    entry: stored.entry,
    link: stored.link,
    withdrawnBy: stored.withdrawnBy,
    referencedBy: stored.referencedBy
  }
}
