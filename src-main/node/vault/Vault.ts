import type { ChainLink } from '../../common/chain/ChainLink'
import { concatBytes, utf8 } from '../../common/encoding/bytes'
import type { EntryDraft } from '../../common/entry/Entry'
import { DalelError } from '../../common/errors/DalelError'
import type { ListQuery } from '../db/VaultDatabase'
import type { TimelineDbPage, TimelineQuery } from '../db/timelinePage'
import { appendEntry } from './appendEntry'
import { backupSources } from './backupSources'
import { changePassphrase } from './changePassphrase'
import { closeVault } from './closeVault'
import { compactVault } from './compactVault'
import { createVault } from './createVault'
import { findEntryRow, toStoredEntry } from './entryQueries'
import { openVault } from './openVault'
import type { VaultHeader } from './vaultHeader'
import { liveKeys, authorOf, publicKeyOf } from './VaultState'
import type { VaultState } from './VaultState'
import type {
  AttachmentInput,
  BackupSources,
  CreateVaultOptions,
  OpenVaultOptions,
  StoredEntry,
  UnlockSecret,
  VaultDeps,
  VaultNotice
} from './vaultTypes'
import { verifyVault } from './verifyVault'
import type { VerifyReport } from './verifyVault'
import { WriteQueue } from './WriteQueue'

export { BLOBS_DIR, JOURNAL_FILE, SNAPSHOT_FILE, VAULT_FILE } from './vaultTypes'
export type {
  AttachmentInput,
  BackupSources,
  CreateVaultOptions,
  OpenVaultOptions,
  StoredEntry,
  UnlockPhase,
  UnlockSecret,
  VaultDeps,
  VaultNotice
} from './vaultTypes'

/**
 * An unlocked vault (DESIGN "Vault format v1"): vault.json, snapshot.bin, journal.bin and
 * blobs/, with the decrypted database in memory only. A façade over one VaultState: each
 * operation lives in its own file (createVault, openVault, appendEntry, compactVault,
 * changePassphrase, backupSources, closeVault…), and every one that changes the vault runs
 * in the WriteQueue, one at a time.
 */
export class Vault {
  private readonly queue = new WriteQueue()

  private constructor(private readonly state: VaultState) {}

  /**
   * Creates a new vault in `dir` (which must not exist, or be empty) and returns it unlocked
   * with the recovery code, which is shown once and never stored.
   */
  static async create(
    dir: string,
    options: CreateVaultOptions,
    deps: VaultDeps
  ): Promise<{ vault: Vault; recoveryCode: string }> {
    const { state, recoveryCode } = await createVault(dir, options, deps)
    return { vault: new Vault(state), recoveryCode }
  }

  /** Unlocks the vault in `dir` with a passphrase or the recovery code. */
  static async open(
    dir: string,
    secret: UnlockSecret,
    options: OpenVaultOptions,
    deps: VaultDeps,
    knownHeader?: VaultHeader
  ): Promise<Vault> {
    return new Vault(await openVault(dir, secret, options, deps, knownHeader))
  }

  get dir(): string {
    return this.state.dir
  }

  get vaultId(): string {
    return this.state.header.vaultId
  }

  get publicKey(): Uint8Array {
    return publicKeyOf(this.state)
  }

  get createdAt(): string {
    return this.state.header.createdAt
  }

  get author(): string {
    return authorOf(this.state)
  }

  get isReadOnly(): boolean {
    return this.state.journal === null
  }

  get notices(): readonly VaultNotice[] {
    return this.state.notices
  }

  /**
   * Records a new entry. Attachments are encrypted and written first; then one journal
   * record is appended and fsynced; only then does this return, and the entry is acknowledged.
   */
  async append(
    draft: EntryDraft,
    files: readonly AttachmentInput[] = [],
    /** the attachments' bytes encrypted so far, over all of them (for a progress bar) */
    onBytes?: (bytesDone: number) => void
  ): Promise<StoredEntry> {
    return this.queue.run(() => appendEntry(this.state, draft, files, onBytes))
  }

  /** Looks an entry up by seq, full id, or a unique id prefix of at least 8 characters. */
  get(ref: string | number): StoredEntry {
    const row = findEntryRow(this.state.db, ref)
    if (row === undefined) throw new DalelError('entry-not-found', { id: String(ref) })
    return toStoredEntry(this.state.db, row)
  }

  list(query: ListQuery = {}): StoredEntry[] {
    return this.state.db.list(query).map((row) => toStoredEntry(this.state.db, row))
  }

  search(query: string): StoredEntry[] {
    return this.state.db.search(query).map((row) => toStoredEntry(this.state.db, row))
  }

  /** One page of the timeline, the rows as stored (services/timeline.ts reads them). */
  timeline(query: TimelineQuery): TimelineDbPage {
    return this.state.db.timeline(query)
  }

  count(): number {
    return this.state.db.count()
  }

  head(): { seq: number; chain: string | null } {
    return this.state.db.head()
  }

  /** The blob of one attachment, or entry-not-found (no such attachment, or withdrawn). */
  private blobOf(seq: number, position: number): string {
    const blob = this.state.db.attachmentBlobs(seq)[position]
    if (blob === undefined || blob.blobName === '')
      throw new DalelError('entry-not-found', { id: `${seq}/${position}` })
    return blob.blobName
  }

  /** Decrypts one attachment into memory (for previews and exports; nothing touches the disk). */
  async readAttachment(seq: number, position: number): Promise<Uint8Array> {
    const keys = liveKeys(this.state)
    return this.state.blobs.read(this.blobOf(seq, position), keys.blobs)
  }

  /**
   * Streams one attachment's plaintext block by block (64 chunks of 64 KiB at most), for
   * exports of large files: decrypted in memory, never written to disk unencrypted except
   * where the caller puts it. Each block is only valid until the next one is delivered.
   */
  async streamAttachment(
    seq: number,
    position: number,
    onBlock: (block: Uint8Array) => Promise<void> | void
  ): Promise<number> {
    const keys = liveKeys(this.state)
    return this.state.blobs.stream(this.blobOf(seq, position), keys.blobs, onBlock)
  }

  /** Every chain link, seq 1..head, withdrawn entries included (for bundles' chain.jsonl). */
  *links(): Generator<ChainLink> {
    for (const row of this.state.db.rows()) yield row.link
  }

  /**
   * What opens an entry's commitment: its salt (hex) and its JCS text exactly as committed.
   * A withdrawn entry has neither.
   */
  disclosure(seq: number): { salt: string; jcs: string; link: ChainLink } {
    liveKeys(this.state)
    const row = this.state.db.bySeq(seq)
    if (row === undefined) throw new DalelError('entry-not-found', { id: String(seq) })
    if (row.entryJson === null || row.salt === null)
      throw new DalelError('entry-withdrawn', { id: row.id })
    return { salt: row.salt, jcs: row.entryJson, link: row.link }
  }

  /** Walks everything: the chain, every commitment, every signature, every blob. */
  async verify(onProgress?: (done: number, total: number) => void): Promise<VerifyReport> {
    const keys = liveKeys(this.state)
    const { state } = this
    return verifyVault(
      {
        dir: state.dir,
        vaultId: this.vaultId,
        publicKey: this.publicKey,
        db: state.db,
        tornBytes: state.tornBytes,
        staleJournal: state.notices.some((n) => n.code === 'stale-journal'),
        crypto: state.caps.crypto,
        hashBlob: (name) => state.blobs.hash(name, keys.blobs),
        blobPath: (name) => state.blobs.path(name)
      },
      onProgress
    )
  }

  /** See backupSources. */
  async backupSources(): Promise<BackupSources> {
    return this.queue.run(() => backupSources(this.state))
  }

  /**
   * Signs a bundle's SHA256SUMS file as raw bytes, so that
   * `openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig`
   * checks it. A 32-byte input is refused: chain hashes are exactly 32 bytes, and this key
   * must never sign something that could pass for one.
   */
  signSums(bytes: Uint8Array): Uint8Array {
    const keys = liveKeys(this.state)
    if (bytes.length === 32) throw new DalelError('invalid-input', { field: 'SHA256SUMS' })
    return this.state.caps.sodium.crypto_sign_detached(bytes, keys.signingSecretKey)
  }

  /**
   * Signs a document other than a chain hash (a backup manifest) with the vault key, over
   * SHA-256(label || 0x00 || bytes): the label keeps such signatures apart from chain ones.
   */
  signDocument(label: string, bytes: Uint8Array): Uint8Array {
    const keys = liveKeys(this.state)
    const { caps } = this.state
    const digest = caps.crypto.sha256(concatBytes(utf8(label), new Uint8Array([0]), bytes))
    return caps.sodium.crypto_sign_detached(digest, keys.signingSecretKey)
  }

  /** See compactVault. */
  async compact(): Promise<void> {
    return this.queue.run(() => compactVault(this.state))
  }

  /** Rewraps the master key under a new passphrase; no data is re-encrypted. */
  async changePassphrase(current: UnlockSecret, newPassphrase: string): Promise<void> {
    return this.queue.run(() => changePassphrase(this.state, current, newPassphrase))
  }

  /** Locks: compacts a long journal, wipes every key from memory and closes the database. */
  async close(): Promise<void> {
    return this.queue.run(() => closeVault(this.state))
  }
}
