import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import type { ChainLink } from '../../common/chain/ChainLink'
import { genesisHash } from '../../common/chain/chain'
import { SALT_BYTES } from '../../common/chain/chain'
import { sealEntry } from '../../common/chain/sealEntry'
import type { Clock, RandomBytes, Signer } from '../../common/crypto/EvidenceCrypto'
import { concatBytes, fromUtf8, utf8 } from '../../common/encoding/bytes'
import { toSha256Hex } from '../../common/encoding/brands'
import { fromHex, toHex } from '../../common/encoding/hex'
import type { Attachment, AttachmentRole, Entry, EntryDraft } from '../../common/entry/Entry'
import { validateDraft } from '../../common/entry/validateDraft'
import { DalelError } from '../../common/errors/DalelError'
import { uuidv7 } from '../../common/ids/uuidv7'
import { nodeEvidenceCrypto } from '../crypto/nodeEvidenceCrypto'
import { loadSodium } from '../crypto/loadSodium'
import { secureRandom } from '../crypto/secureRandom'
import type { Sodium } from '../crypto/loadSodium'
import { StreamFormatError, StreamPurpose } from '../crypto/streamCipher'
import { DatabaseImage, VaultDatabase } from '../db/VaultDatabase'
import type { EntryRow, ListQuery } from '../db/VaultDatabase'
import { TEMP_PREFIX, fsyncDirectory, replaceFileDurably, writeFileDurably } from '../fs/durable'
import { fsError } from '../fs/fsError'
import { openRegularFile } from '../fs/openRegularFile'
import { imageSize, sniffMediaType } from '../media/sniffMedia'
import { JournalWriter, parseJournal, writeEmptyJournal } from './journalFile'
import { isBlobFile, listBlobFolderFiles } from './blobFiles'
import { generateRecoveryCode, recoveryKey } from './recoveryCode'
import {
  openSealedBytes,
  openSealedFile,
  readSealedFile,
  sealBytesInto,
  sealFileInto
} from './sealedFile'
import {
  VAULT_FORMAT,
  VAULT_VERSION,
  parseVaultHeader,
  passphraseKey,
  serializeVaultHeader,
  unwrapMasterKey,
  wrapKey
} from './vaultHeader'
import type { KdfParams, VaultHeader } from './vaultHeader'
import { blobName, deriveVaultKeys, wipeVaultKeys } from './vaultKeys'
import type { VaultKeys } from './vaultKeys'
import { acquireVaultLock } from './vaultLock'
import { verifyVault } from './verifyVault'
import type { VerifyReport } from './verifyVault'

export const VAULT_FILE = 'vault.json'
export const SNAPSHOT_FILE = 'snapshot.bin'
export const JOURNAL_FILE = 'journal.bin'
export const BLOBS_DIR = 'blobs'

/** Compaction folds the journal into a new snapshot once it grows past either limit. */
const COMPACT_AFTER_RECORDS = 2000
const COMPACT_AFTER_BYTES = 8 * 1024 * 1024

export type UnlockSecret = { passphrase: string } | { recoveryCode: string }

export interface VaultDeps {
  clock: Clock
  /** defaults to the operating system's CSPRNG (secureRandom) */
  random?: RandomBytes
}

export interface CreateVaultOptions {
  passphrase: string
  author?: string
  /**
   * Argon2id limits; MODERATE (3 passes, 256 MiB) unless given. Tests that open a vault
   * hundreds of times pass INTERACTIVE; nothing user-facing does.
   */
  kdfLimits?: { opslimit: number; memlimit: number }
}

export interface OpenVaultOptions {
  /** Verification and listing: no lock, no truncation of a torn journal tail, no compaction. */
  readOnly?: boolean
}

/**
 * A file to attach: from a path, or from memory (captures: screenshots and page archives are
 * made in memory and must never be written to disk unencrypted).
 */
export type AttachmentInput = (
  | {
      path: string
      /** the name recorded in the entry; the file's own name by default */
      name?: string
    }
  | { bytes: Uint8Array; name: string }
) & {
  role?: AttachmentRole
  mediaType?: string
}

/** An entry as the vault holds it: the content (null once withdrawn) and its chain link. */
export interface StoredEntry {
  seq: number
  id: string
  kind: Entry['kind']
  recordedAt: string
  entry: Entry | null
  link: ChainLink
  withdrawnBy: number | null
  /** entries that amend or withdraw this one */
  referencedBy: { seq: number; id: string; kind: Entry['kind'] }[]
}

/** See Vault.backupSources. The caller closes both handles. */
export interface BackupSources {
  vaultJson: Uint8Array
  snapshot: { handle: FileHandle; length: number }
  journal: { handle: FileHandle; length: number }
  blobs: { name: string; path: string }[]
  head: { seq: number; chain: string }
}

/** Something that happened while opening that the user should hear about, though nothing failed. */
export interface VaultNotice {
  code: 'torn-journal-tail' | 'stale-journal' | 'temp-files-removed' | 'unreferenced-blobs-removed'
  params: Record<string, string | number>
}

function blobPath(dir: string, name: string): string {
  return join(dir, BLOBS_DIR, name.slice(0, 2), name)
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}

/**
 * An unlocked vault (DESIGN "Vault format v1"): vault.json, snapshot.bin, journal.bin and
 * blobs/, with the decrypted database in memory only.
 */
export class Vault {
  private keys: VaultKeys | null
  private closed = false
  private readonly crypto = nodeEvidenceCrypto()

  private constructor(
    readonly dir: string,
    private header: VaultHeader,
    private readonly sodium: Sodium,
    keys: VaultKeys,
    private readonly db: VaultDatabase,
    private journal: JournalWriter | null,
    private generation: number,
    private readonly releaseLock: (() => Promise<void>) | null,
    private readonly deps: VaultDeps,
    readonly notices: readonly VaultNotice[],
    private readonly tornBytes: number
  ) {
    this.keys = keys
  }

  get vaultId(): string {
    return this.header.vaultId
  }

  get publicKey(): Uint8Array {
    return fromHex(this.header.signingPublicKey)
  }

  get createdAt(): string {
    return this.header.createdAt
  }

  get author(): string {
    // Set once at creation and never changed; read on every append.
    this.authorName ??= this.db.getMeta('author') ?? ''
    return this.authorName
  }

  private authorName: string | undefined

  private signer(keys: VaultKeys): Signer {
    return {
      publicKey: keys.signingPublicKey,
      sign: (message) => this.sodium.crypto_sign_detached(message, keys.signingSecretKey)
    }
  }

  get isReadOnly(): boolean {
    return this.journal === null
  }

  private random(length: number): Uint8Array {
    return this.deps.random?.(length) ?? secureRandom(length)
  }

  private liveKeys(): VaultKeys {
    if (this.keys === null || this.closed) throw new DalelError('vault-locked')
    return this.keys
  }

  /**
   * Creates a new vault in `dir` (which must not exist, or be empty) and returns it unlocked
   * with the recovery code, which is shown once and never stored.
   */
  static async create(
    dir: string,
    options: CreateVaultOptions,
    deps: VaultDeps
  ): Promise<{ vault: Vault; recoveryCode: string }> {
    const sodium = await loadSodium()
    if (options.passphrase.length === 0)
      throw new DalelError('invalid-input', { field: 'passphrase' })
    try {
      const existing = await readdir(dir)
      if (existing.length > 0) throw new DalelError('vault-exists', { path: dir })
    } catch (error) {
      if (error instanceof DalelError) throw error
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fsError(error, dir)
    }
    try {
      await mkdir(join(dir, BLOBS_DIR), { recursive: true, mode: 0o700 })
    } catch (error) {
      throw fsError(error, dir)
    }
    const random = (n: number) => deps.random?.(n) ?? secureRandom(n)
    const master = random(32)
    const keys = deriveVaultKeys(sodium, master)
    const kdf: KdfParams = {
      alg: 'argon2id13',
      opslimit: options.kdfLimits?.opslimit ?? sodium.crypto_pwhash_OPSLIMIT_MODERATE,
      memlimit: options.kdfLimits?.memlimit ?? sodium.crypto_pwhash_MEMLIMIT_MODERATE,
      salt: toHex(random(sodium.crypto_pwhash_SALTBYTES))
    }
    const bare = {
      format: VAULT_FORMAT,
      version: VAULT_VERSION,
      vaultId: uuidv7(deps.clock.now().getTime(), random),
      createdAt: deps.clock.now().toISOString(),
      kdf,
      signingPublicKey: toHex(keys.signingPublicKey)
    } as const
    const recoveryCode = generateRecoveryCode(sodium)
    const kek = await passphraseKey(sodium, kdf, options.passphrase)
    const rk = recoveryKey(sodium, recoveryCode)
    const header: VaultHeader = {
      ...bare,
      wrappedKeys: {
        passphrase: wrapKey(sodium, bare, 'passphrase', kek, master),
        recovery: wrapKey(sodium, bare, 'recovery', rk, master)
      }
    }
    sodium.memzero(kek)
    sodium.memzero(rk)
    sodium.memzero(master)

    const db = await VaultDatabase.create()
    db.setMeta('vault_id', header.vaultId)
    db.setMeta('author', options.author ?? '')
    db.setMeta('generation', '1')
    await writeSnapshot(sodium, dir, keys, 1, db.export())
    await writeEmptyJournal(join(dir, JOURNAL_FILE), 1)
    // vault.json comes last: a directory without it is not a vault, so a crash during
    // creation leaves nothing that looks like one.
    await writeFileDurably(join(dir, VAULT_FILE), utf8(serializeVaultHeader(header)))
    db.close()
    wipeVaultKeys(sodium, keys)
    // Opening with the recovery code spares a second Argon2id run.
    const vault = await Vault.open(dir, { recoveryCode }, {}, deps, header)
    return { vault, recoveryCode }
  }

  /** Unlocks the vault in `dir` with a passphrase or the recovery code. */
  static async open(
    dir: string,
    secret: UnlockSecret,
    options: OpenVaultOptions,
    deps: VaultDeps,
    knownHeader?: VaultHeader
  ): Promise<Vault> {
    const sodium = await loadSodium()
    const header = knownHeader ?? (await readHeader(dir))
    // A writer takes the lock before it reads anything: what it reads must be what it then
    // appends to.
    const releaseLock = options.readOnly === true ? null : await acquireVaultLock(dir)
    try {
      // The files are read while Argon2id runs on its worker thread; what reading them
      // found (a missing snapshot, say) is told only once the passphrase is known good.
      const files = settled(readVaultFiles(dir))
      VaultDatabase.preload()
      let master: Uint8Array
      try {
        master = await unwrapMasterKey(
          sodium,
          header,
          'passphrase' in secret
            ? { passphrase: secret.passphrase }
            : { recoveryCode: secret.recoveryCode }
        )
      } catch (error) {
        wipeFiles(await files)
        throw error
      }
      const keys = deriveVaultKeys(sodium, master)
      sodium.memzero(master)
      try {
        if (toHex(keys.signingPublicKey) !== header.signingPublicKey) {
          wipeFiles(await files)
          throw new DalelError('vault-corrupt', {
            file: VAULT_FILE,
            detail: 'the signing key does not match the master key'
          })
        }
        const read = await files
        if ('error' in read) throw read.error
        return await Vault.load(dir, header, sodium, keys, read.value, options, deps, releaseLock)
      } catch (error) {
        wipeVaultKeys(sodium, keys)
        throw error
      }
    } catch (error) {
      await releaseLock?.()
      throw error
    }
  }

  private static async load(
    dir: string,
    header: VaultHeader,
    sodium: Sodium,
    keys: VaultKeys,
    files: VaultFiles,
    options: OpenVaultOptions,
    deps: VaultDeps,
    releaseLock: (() => Promise<void>) | null
  ): Promise<Vault> {
    const notices: VaultNotice[] = []
    const snapshot = openSnapshot(sodium, files.snapshot, keys)
    const journalPath = join(dir, JOURNAL_FILE)
    const journal = parseJournal(sodium, files.journal, keys.journal, header.vaultId)
    if (journal.generation > snapshot.generation) {
      snapshot.plaintext.fill(0)
      throw new DalelError('vault-rolled-back', {
        file: SNAPSHOT_FILE,
        snapshot: snapshot.generation,
        journal: journal.generation
      })
    }
    const stale = journal.generation < snapshot.generation
    if (stale) {
      // A crash between writing a new snapshot and starting its journal: every record of the
      // old journal is already in the snapshot.
      notices.push({ code: 'stale-journal', params: { generation: journal.generation } })
    }
    let db: VaultDatabase
    try {
      db = await VaultDatabase.load(snapshot.plaintext)
    } catch (error) {
      snapshot.plaintext.fill(0)
      throw new DalelError(
        'vault-corrupt',
        { file: SNAPSHOT_FILE, detail: 'not a readable database' },
        { cause: error }
      )
    }
    // Unless sql.js took the image as its own file, it made a copy: this one is wiped.
    if (!db.ownsImage) snapshot.plaintext.fill(0)
    try {
      if (
        db.getMeta('vault_id') !== header.vaultId ||
        db.getMeta('generation') !== String(snapshot.generation)
      ) {
        throw new DalelError('vault-corrupt', {
          file: SNAPSHOT_FILE,
          detail: 'belongs to another vault or generation'
        })
      }
      // A withdrawal still in the journal means its purge (a compaction) did not finish.
      let purgePending = false
      if (!stale) {
        // One transaction for the whole journal: SQLite then writes each page once, not
        // once per record.
        db.begin()
        try {
          for (const [index, record] of journal.records.entries()) {
            if (replayRecord(db, record, index) === 'withdrawal') purgePending = true
          }
          db.commit()
        } catch (error) {
          db.rollback()
          throw error
        }
        if (journal.tornBytes > 0)
          notices.push({ code: 'torn-journal-tail', params: { bytes: journal.tornBytes } })
      }
      let writer: JournalWriter | null = null
      if (options.readOnly !== true) {
        if (stale) {
          await writeEmptyJournal(journalPath, snapshot.generation)
          writer = await JournalWriter.open(sodium, journalPath, header.vaultId, {
            generation: snapshot.generation,
            validLength: 16,
            tornBytes: 0,
            records: []
          })
        } else {
          writer = await JournalWriter.open(sodium, journalPath, header.vaultId, journal)
        }
        const removed = await removeTempFiles(dir)
        if (removed > 0) notices.push({ code: 'temp-files-removed', params: { count: removed } })
      }
      const vault = new Vault(
        dir,
        header,
        sodium,
        keys,
        db,
        writer,
        snapshot.generation,
        releaseLock,
        deps,
        notices,
        stale ? 0 : journal.tornBytes
      )
      if (writer !== null) {
        if (purgePending) await vault.finishPurge()
        // Best effort, like the purge: a blob that cannot be deleted stays, and verify
        // names it as unreferenced.
        const removed = purgePending ? 0 : await vault.removeUnreferencedBlobs().catch(() => 0)
        if (removed > 0)
          notices.push({ code: 'unreferenced-blobs-removed', params: { count: removed } })
      }
      return vault
    } catch (error) {
      db.close()
      throw error
    }
  }

  /**
   * Records a new entry. Attachments are encrypted and written first; then one journal
   * record is appended and fsynced; only then does this return, and the entry is acknowledged.
   */
  async append(draft: EntryDraft, files: readonly AttachmentInput[] = []): Promise<StoredEntry> {
    return this.exclusive(() => this.appendNow(draft, files))
  }

  private async appendNow(
    draft: EntryDraft,
    files: readonly AttachmentInput[]
  ): Promise<StoredEntry> {
    const keys = this.liveKeys()
    if (this.journal === null)
      throw new DalelError('io-error', { path: this.dir, reason: 'opened read-only' })
    validateDraft(draft)
    if (draft.kind === 'amendment' || draft.kind === 'withdrawal')
      this.checkTarget(draft.payload.target)
    const purge =
      draft.kind === 'withdrawal'
        ? this.db
            .attachmentBlobs(draft.payload.target.seq)
            .map((b) => b.blobName)
            .filter((name) => name !== '')
        : []
    const written: { attachment: Attachment; blobName: string; created: boolean }[] = []
    let stored: StoredEntry
    try {
      for (const file of files) written.push(await this.storeBlob(keys, file))
      const now = this.deps.clock.now()
      const head = this.chainHead()
      const entry: Entry = {
        ...draft,
        seq: head.seq + 1,
        id: uuidv7(now.getTime(), (n) => this.random(n)),
        recordedAt: now.toISOString(),
        author: this.author,
        attachments: written.map((w) => w.attachment)
      }
      const salt = this.random(SALT_BYTES)
      const sealed = sealEntry(this.crypto.sha256, this.signer(keys), head.chain, entry, salt)
      const jcs = fromUtf8(sealed.jcs)
      const saltHex = toHex(salt)
      const blobNames = written.map((w) => w.blobName)
      const record = JSON.stringify({
        salt: saltHex,
        entry: jcs,
        link: sealed.link,
        blobs: blobNames
      })
      // The database work is done while the record goes to the disk (the main thread would
      // otherwise only wait). A plain entry is indexed and committed at once and taken out
      // again if the write fails; a withdrawal, which empties another entry, stays in an open
      // transaction until its record is durable, so a failure can roll it back. Readers
      // (list, search) may see the entry a moment before it is acknowledged; nothing else
      // changes the database meanwhile (see exclusive).
      let indexed = 'no' as 'no' | 'staged' | 'committed'
      try {
        await this.journal.append(utf8(record), keys.journal, () => {
          if (entry.kind === 'withdrawal') {
            this.db.stageEntry(entry, jcs, saltHex, sealed.link, blobNames)
            indexed = 'staged'
          } else {
            this.db.insertEntry(entry, jcs, saltHex, sealed.link, blobNames)
            indexed = 'committed'
          }
        })
      } catch (error) {
        if (indexed === 'staged') this.db.rollback()
        if (indexed === 'committed') this.db.removeEntry(entry.seq)
        throw error
      }
      if (indexed === 'staged') this.db.commit()
      this.lastLink = { seq: entry.seq, chain: Buffer.from(sealed.link.chain, 'hex') }
      // What get() would read back, built from what was just written: a new entry is
      // referenced by nothing and withdrawn by nothing.
      stored = {
        seq: entry.seq,
        id: entry.id,
        kind: entry.kind,
        recordedAt: entry.recordedAt,
        entry: JSON.parse(jcs) as Entry,
        link: sealed.link,
        withdrawnBy: null,
        referencedBy: []
      }
    } catch (error) {
      for (const w of written)
        if (w.created) await rm(blobPath(this.dir, w.blobName), { force: true })
      throw error
    }
    if (draft.kind === 'withdrawal') {
      // The withdrawal is acknowledged: its record is on disk. Destroying the content is
      // done now if it can be, and otherwise at the next close or open (finishPurge).
      try {
        await this.purgeWithdrawn(purge)
      } catch {
        this.purgePending = true
      }
    }
    return stored
  }

  /**
   * Runs one mutation at a time. Two appends interleaved at their awaits would both take
   * the same head and write two journal records with one seq, which no open accepts; a
   * compaction in the middle of an append would export a half-made transaction.
   */
  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.writing
    let release = (): void => undefined
    this.writing = new Promise<void>((resolve) => {
      release = resolve
    })
    try {
      await previous
      return await work()
    } finally {
      release()
    }
  }

  private writing: Promise<void> = Promise.resolve()

  /** The last seq and its chain hash (raw), or seq 0 and the genesis hash; kept, not queried, per append. */
  private chainHead(): { seq: number; chain: Uint8Array } {
    if (this.lastLink === undefined) {
      const head = this.db.head()
      this.lastLink =
        head.chain === null
          ? { seq: 0, chain: genesisHash(this.crypto.sha256, this.vaultId, this.publicKey) }
          : { seq: head.seq, chain: fromHex(head.chain) }
    }
    return this.lastLink
  }

  private lastLink: { seq: number; chain: Uint8Array } | undefined

  private checkTarget(target: { seq: number; id: string }): void {
    const row = this.db.bySeq(target.seq)
    if (row?.id !== target.id) throw new DalelError('entry-not-found', { id: target.id })
    if (row.withdrawnBy !== null) throw new DalelError('entry-withdrawn', { id: target.id })
  }

  /**
   * After a withdrawal, the content must leave the disk, not only the index: a compaction
   * rewrites the snapshot and empties the journal (which still holds the old record), and
   * the attachments' blobs are deleted unless another entry holds the same file.
   */
  private async purgeWithdrawn(blobNames: readonly string[]): Promise<void> {
    await this.compactNow()
    const stillUsed = this.db.blobNamesIn(blobNames)
    await removeBlobs(
      this.dir,
      blobNames.filter((name) => !stillUsed.has(name))
    )
  }

  private purgePending = false

  /**
   * Completes a withdrawal's purge that failed or was cut short (a full disk, a crash):
   * compacts, then deletes every blob no entry refers to. Best effort: a failure leaves it
   * pending for the next close or open, and the vault as it was.
   */
  private async finishPurge(): Promise<void> {
    try {
      await this.compactNow()
      await this.removeUnreferencedBlobs()
      this.purgePending = false
    } catch {
      this.purgePending = true
    }
  }

  /**
   * Deletes every blob no entry refers to, and returns how many. They are left by a kill
   * between a withdrawal's compaction and the deletion of its blobs (the withdrawn content,
   * which must leave the disk), or between writing an attachment and its journal record (an
   * entry never acknowledged). Only a writer does this, holding the lock, after the journal
   * is replayed: every blob a record names is then in the index.
   */
  private async removeUnreferencedBlobs(): Promise<number> {
    const used = this.db.allBlobNames()
    const unused = (await listBlobFolderFiles(this.dir))
      .filter((file) => isBlobFile(file) && !used.has(file.name))
      .map((file) => file.name)
    await removeBlobs(this.dir, unused)
    return unused.length
  }

  private async storeBlob(
    keys: VaultKeys,
    file: AttachmentInput
  ): Promise<{ attachment: Attachment; blobName: string; created: boolean }> {
    const head = 'bytes' in file ? file.bytes.subarray(0, 64 * 1024) : await readHead(file.path)
    const name = 'bytes' in file ? file.name : (file.name ?? basename(file.path))
    const mediaType = file.mediaType ?? sniffMediaType(name, head)
    const blobsDir = join(this.dir, BLOBS_DIR)
    let sealedDigest: { sha256: Uint8Array; size: number } | undefined
    const tempPath = join(blobsDir, `${TEMP_PREFIX}${toHex(this.random(8))}`)
    const handle = await open(tempPath, 'wx', 0o600).catch((error: unknown) => {
      throw fsError(error, tempPath)
    })
    try {
      if ('bytes' in file) {
        await sealBytesInto(
          this.sodium,
          handle,
          tempPath,
          keys.blobs,
          StreamPurpose.blob,
          0,
          file.bytes
        )
        sealedDigest = {
          sha256: createHash('sha256').update(file.bytes).digest(),
          size: file.bytes.length
        }
      } else {
        sealedDigest = await sealFileInto(
          this.sodium,
          file.path,
          handle,
          tempPath,
          keys.blobs,
          StreamPurpose.blob
        )
      }
      await handle.sync()
    } catch (error) {
      await handle.close().catch(() => undefined)
      await rm(tempPath, { force: true })
      throw fsError(error, tempPath)
    }
    await handle.close()
    const nameHex = blobName(this.sodium, keys.blobNames, sealedDigest.sha256)
    const finalPath = blobPath(this.dir, nameHex)
    let created = false
    try {
      if (await exists(finalPath)) {
        await rm(tempPath, { force: true })
      } else {
        await mkdir(join(blobsDir, nameHex.slice(0, 2)), { recursive: true, mode: 0o700 })
        await rename(tempPath, finalPath)
        await fsyncDirectory(join(blobsDir, nameHex.slice(0, 2)))
        await fsyncDirectory(blobsDir)
        created = true
      }
    } catch (error) {
      await rm(tempPath, { force: true })
      throw fsError(error, finalPath)
    }
    const size = mediaType.startsWith('image/') ? imageSize(mediaType, head) : undefined
    const attachment: Attachment = {
      sha256: toSha256Hex(sealedDigest.sha256),
      size: sealedDigest.size,
      mediaType,
      name,
      role: file.role ?? 'original',
      ...(size !== undefined ? { width: size.width, height: size.height } : {})
    }
    return { attachment, blobName: nameHex, created }
  }

  /** Looks an entry up by seq, full id, or a unique id prefix of at least 8 characters. */
  get(ref: string | number): StoredEntry {
    const row = this.findRow(ref)
    if (row === undefined) throw new DalelError('entry-not-found', { id: String(ref) })
    return this.toStored(row)
  }

  private findRow(ref: string | number): EntryRow | undefined {
    if (typeof ref === 'number') return this.db.bySeq(ref)
    if (/^\d+$/.test(ref)) return this.db.bySeq(Number(ref))
    const exact = this.db.byId(ref.toLowerCase())
    if (exact !== undefined || ref.length < 8) return exact
    const matches = this.db.list().filter((row) => row.id.startsWith(ref.toLowerCase()))
    return matches.length === 1 ? matches[0] : undefined
  }

  private toStored(row: EntryRow): StoredEntry {
    return {
      seq: row.seq,
      id: row.id,
      kind: row.kind,
      recordedAt: row.recordedAt,
      entry: row.entryJson === null ? null : (JSON.parse(row.entryJson) as Entry),
      link: row.link,
      withdrawnBy: row.withdrawnBy,
      referencedBy: this.db
        .referencing(row.seq)
        .map((r) => ({ seq: r.seq, id: r.id, kind: r.kind }))
    }
  }

  list(query: ListQuery = {}): StoredEntry[] {
    return this.db.list(query).map((row) => this.toStored(row))
  }

  search(query: string): StoredEntry[] {
    return this.db.search(query).map((row) => this.toStored(row))
  }

  count(): number {
    return this.db.count()
  }

  head(): { seq: number; chain: string | null } {
    return this.db.head()
  }

  /** Decrypts one attachment into memory (for previews and exports; nothing touches the disk). */
  async readAttachment(seq: number, position: number): Promise<Uint8Array> {
    const keys = this.liveKeys()
    const blob = this.db.attachmentBlobs(seq)[position]
    if (blob === undefined || blob.blobName === '')
      throw new DalelError('entry-not-found', { id: `${seq}/${position}` })
    const path = blobPath(this.dir, blob.blobName)
    try {
      const { plaintext } = await readSealedBlob(this.sodium, path, keys.blobs)
      return plaintext
    } catch (error) {
      throw sealedFileError(error, `${BLOBS_DIR}/${blob.blobName.slice(0, 2)}/${blob.blobName}`)
    }
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
    const keys = this.liveKeys()
    const blob = this.db.attachmentBlobs(seq)[position]
    if (blob === undefined || blob.blobName === '')
      throw new DalelError('entry-not-found', { id: `${seq}/${position}` })
    const file = `${BLOBS_DIR}/${blob.blobName.slice(0, 2)}/${blob.blobName}`
    try {
      const { size } = await openSealedFile(
        this.sodium,
        blobPath(this.dir, blob.blobName),
        keys.blobs,
        StreamPurpose.blob,
        onBlock
      )
      return size
    } catch (error) {
      throw sealedFileError(error, file)
    }
  }

  /** Every chain link, seq 1..head, withdrawn entries included (for bundles' chain.jsonl). */
  *links(): Generator<ChainLink> {
    for (const row of this.db.rows()) yield row.link
  }

  /**
   * What opens an entry's commitment: its salt (hex) and its JCS text exactly as committed.
   * A withdrawn entry has neither.
   */
  disclosure(seq: number): { salt: string; jcs: string; link: ChainLink } {
    this.liveKeys()
    const row = this.db.bySeq(seq)
    if (row === undefined) throw new DalelError('entry-not-found', { id: String(seq) })
    if (row.entryJson === null || row.salt === null)
      throw new DalelError('entry-withdrawn', { id: row.id })
    return { salt: row.salt, jcs: row.entryJson, link: row.link }
  }

  /** Walks everything: the chain, every commitment, every signature, every blob. */
  async verify(onProgress?: (done: number, total: number) => void): Promise<VerifyReport> {
    const keys = this.liveKeys()
    return verifyVault(
      {
        dir: this.dir,
        vaultId: this.vaultId,
        publicKey: this.publicKey,
        db: this.db,
        tornBytes: this.tornBytes,
        staleJournal: this.notices.some((n) => n.code === 'stale-journal'),
        crypto: this.crypto,
        hashBlob: async (name) => hashSealedBlob(this.sodium, blobPath(this.dir, name), keys.blobs),
        blobPath: (name) => blobPath(this.dir, name)
      },
      onProgress
    )
  }

  /**
   * The files a backup copies, as they are on disk (already encrypted), consistent at this
   * instant: the snapshot and journal are opened here, so a compaction that replaces them
   * later does not change what is read; the journal is read only up to its last
   * acknowledged record; blobs never change once written. Only a writer (holding the lock)
   * can give them, so no other process appends meanwhile.
   */
  async backupSources(): Promise<BackupSources> {
    return this.exclusive(() => this.backupSourcesNow())
  }

  private async backupSourcesNow(): Promise<BackupSources> {
    this.liveKeys()
    if (this.journal === null)
      throw new DalelError('io-error', { path: this.dir, reason: 'opened read-only' })
    const blobs = [...this.db.allBlobNames()]
      .sort()
      .map((name) => ({ name, path: blobPath(this.dir, name) }))
    const snapshot = await open(join(this.dir, SNAPSHOT_FILE), 'r').catch((error: unknown) => {
      throw fsError(error, SNAPSHOT_FILE)
    })
    const journal = await open(join(this.dir, JOURNAL_FILE), 'r').catch(async (error: unknown) => {
      await snapshot.close()
      throw fsError(error, JOURNAL_FILE)
    })
    const head = this.db.head()
    return {
      vaultJson: await readFile(join(this.dir, VAULT_FILE)),
      snapshot: { handle: snapshot, length: (await snapshot.stat()).size },
      journal: { handle: journal, length: this.journal.byteLength },
      blobs,
      head: { seq: head.seq, chain: head.chain ?? '' }
    }
  }

  /**
   * Signs a bundle's SHA256SUMS file as raw bytes, so that
   * `openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig`
   * checks it. A 32-byte input is refused: chain hashes are exactly 32 bytes, and this key
   * must never sign something that could pass for one.
   */
  signSums(bytes: Uint8Array): Uint8Array {
    const keys = this.liveKeys()
    if (bytes.length === 32) throw new DalelError('invalid-input', { field: 'SHA256SUMS' })
    return this.sodium.crypto_sign_detached(bytes, keys.signingSecretKey)
  }

  /**
   * Signs a document other than a chain hash (a backup manifest) with the vault key, over
   * SHA-256(label || 0x00 || bytes): the label keeps such signatures apart from chain ones.
   */
  signDocument(label: string, bytes: Uint8Array): Uint8Array {
    const keys = this.liveKeys()
    const digest = this.crypto.sha256(concatBytes(utf8(label), new Uint8Array([0]), bytes))
    return this.sodium.crypto_sign_detached(digest, keys.signingSecretKey)
  }

  /**
   * Writes a new snapshot of everything and starts an empty journal. Durable at every step:
   * a crash before the snapshot's rename keeps the old pair; a crash after it leaves a
   * journal of the previous generation, which opening recognises as already folded in.
   */
  async compact(): Promise<void> {
    return this.exclusive(() => this.compactNow())
  }

  private async compactNow(): Promise<void> {
    const keys = this.liveKeys()
    if (this.journal === null) return
    const next = this.generation + 1
    this.db.setMeta('generation', String(next))
    const image = this.db.export()
    try {
      await writeSnapshot(this.sodium, this.dir, keys, next, image)
    } catch (error) {
      this.db.setMeta('generation', String(this.generation))
      throw error
    } finally {
      image.fill(0)
    }
    this.generation = next
    await this.journal.close()
    const journalPath = join(this.dir, JOURNAL_FILE)
    await writeEmptyJournal(journalPath, next)
    this.journal = await JournalWriter.open(this.sodium, journalPath, this.vaultId, {
      generation: next,
      validLength: 16,
      tornBytes: 0,
      records: []
    })
  }

  /** Rewraps the master key under a new passphrase; no data is re-encrypted. */
  async changePassphrase(current: UnlockSecret, newPassphrase: string): Promise<void> {
    return this.exclusive(() => this.changePassphraseNow(current, newPassphrase))
  }

  private async changePassphraseNow(current: UnlockSecret, newPassphrase: string): Promise<void> {
    this.liveKeys()
    if (newPassphrase.length === 0) throw new DalelError('invalid-input', { field: 'passphrase' })
    const master = await unwrapMasterKey(
      this.sodium,
      this.header,
      'passphrase' in current
        ? { passphrase: current.passphrase }
        : { recoveryCode: current.recoveryCode }
    )
    const kdf: KdfParams = {
      ...this.header.kdf,
      salt: toHex(this.random(this.sodium.crypto_pwhash_SALTBYTES))
    }
    const { wrappedKeys, ...bare } = this.header
    const next = { ...bare, kdf }
    const kek = await passphraseKey(this.sodium, kdf, newPassphrase)
    const header: VaultHeader = {
      ...next,
      wrappedKeys: {
        passphrase: wrapKey(this.sodium, next, 'passphrase', kek, master),
        recovery: wrappedKeys.recovery
      }
    }
    this.sodium.memzero(kek)
    this.sodium.memzero(master)
    await writeFileDurably(join(this.dir, VAULT_FILE), utf8(serializeVaultHeader(header)))
    this.header = header
  }

  /** Locks: compacts a long journal, wipes every key from memory and closes the database. */
  async close(): Promise<void> {
    return this.exclusive(() => this.closeNow())
  }

  private async closeNow(): Promise<void> {
    if (this.closed) return
    try {
      if (this.journal !== null && this.keys !== null) {
        if (this.purgePending) {
          await this.finishPurge()
        } else if (
          this.journal.recordCount >= COMPACT_AFTER_RECORDS ||
          this.journal.byteLength >= COMPACT_AFTER_BYTES
        ) {
          await this.compactNow()
        }
        await this.journal.close().catch(() => undefined)
      }
    } finally {
      this.closed = true
      if (this.keys !== null) wipeVaultKeys(this.sodium, this.keys)
      this.keys = null
      this.db.close()
      await this.releaseLock?.()
    }
  }
}

async function readHeader(dir: string): Promise<VaultHeader> {
  let text: string
  try {
    text = await readFile(join(dir, VAULT_FILE), 'utf8')
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ENOENT' ||
      (error as NodeJS.ErrnoException).code === 'ENOTDIR'
    ) {
      throw new DalelError('vault-not-found', { path: dir })
    }
    throw fsError(error, join(dir, VAULT_FILE))
  }
  return parseVaultHeader(text)
}

/** Names the damaged file in the error a user sees. */
function sealedFileError(error: unknown, file: string): DalelError {
  if (error instanceof StreamFormatError)
    return new DalelError('vault-corrupt', { file, detail: error.reason })
  if (error instanceof DalelError) return error
  return fsError(error, file)
}

/** The encrypted files an unlock needs, read into memory before the key is known. */
interface VaultFiles {
  /** snapshot.bin in a buffer with room to be decrypted in place and then grow (DatabaseImage) */
  snapshot: { memory: ArrayBuffer; length: number }
  journal: Buffer
}

async function readVaultFiles(dir: string): Promise<VaultFiles> {
  const snapshotPath = join(dir, SNAPSHOT_FILE)
  const journalPath = join(dir, JOURNAL_FILE)
  const [snapshot, journal] = await Promise.allSettled([
    readSnapshotFile(snapshotPath),
    readFile(journalPath)
  ])
  if (snapshot.status === 'rejected') {
    if (journal.status === 'fulfilled') journal.value.fill(0)
    const error: unknown = snapshot.reason
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new DalelError('vault-corrupt', { file: SNAPSHOT_FILE, detail: 'missing' })
    throw fsError(error, snapshotPath)
  }
  if (journal.status === 'rejected') throw fsError(journal.reason, journalPath)
  return { snapshot: snapshot.value, journal: journal.value }
}

async function readSnapshotFile(path: string): Promise<{ memory: ArrayBuffer; length: number }> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    const memory = DatabaseImage.allocate(size)
    const bytes = new Uint8Array(memory, 0, size)
    let filled = 0
    while (filled < size) {
      const { bytesRead } = await handle.read(bytes, filled, size - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return { memory, length: filled }
  } finally {
    await handle.close()
  }
}

/** Wipes what was read for an unlock that then failed (the journal; the snapshot is ciphertext). */
function wipeFiles(read: { value: VaultFiles } | { error: unknown }): void {
  if ('value' in read) read.value.journal.fill(0)
}

async function settled<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  try {
    return { value: await promise }
  } catch (error) {
    return { error }
  }
}

/** Decrypts the snapshot where it was read; the plaintext is a DatabaseImage over the same memory. */
function openSnapshot(
  sodium: Sodium,
  file: VaultFiles['snapshot'],
  keys: VaultKeys
): { generation: number; plaintext: DatabaseImage } {
  try {
    const { generation, size } = openSealedBytes(
      sodium,
      new Uint8Array(file.memory, 0, file.length),
      keys.snapshot,
      StreamPurpose.snapshot
    )
    return { generation, plaintext: new DatabaseImage(file.memory, 0, size) }
  } catch (error) {
    throw sealedFileError(error, SNAPSHOT_FILE)
  }
}

async function writeSnapshot(
  sodium: Sodium,
  dir: string,
  keys: VaultKeys,
  generation: number,
  image: Uint8Array
): Promise<void> {
  await replaceFileDurably(join(dir, SNAPSHOT_FILE), (handle, tempPath) =>
    sealBytesInto(
      sodium,
      handle,
      tempPath,
      keys.snapshot,
      StreamPurpose.snapshot,
      generation,
      image
    )
  )
}

/** A journal record's plaintext: the entry's JCS text exactly as committed, and what indexes it. */
interface JournalRecord {
  salt: string
  entry: string
  link: ChainLink
  /** the attachments' blob file names, in the entry's order */
  blobs: string[]
}

/**
 * Replays one journal record into the database. The record was authenticated by its AEAD;
 * a record that does not continue the sequence is corruption, never skipped.
 */
function replayRecord(db: VaultDatabase, plaintext: Uint8Array, index: number): Entry['kind'] {
  const fail = (detail: string) =>
    new DalelError('vault-corrupt', {
      file: JOURNAL_FILE,
      detail: `record ${index + 1}: ${detail}`
    })
  let record: JournalRecord
  let entry: Entry
  try {
    record = JSON.parse(fromUtf8(plaintext)) as JournalRecord
    entry = JSON.parse(record.entry) as Entry
  } catch {
    throw fail('unreadable')
  }
  const expected = db.head().seq + 1
  if (entry.seq !== expected || record.link.seq !== expected)
    throw fail(`seq ${entry.seq} where ${expected} was expected`)
  if (!Array.isArray(record.blobs) || record.blobs.length !== entry.attachments.length)
    throw fail('attachment list')
  db.insertRows(entry, record.entry, record.salt, record.link, record.blobs)
  return entry.kind
}

/** Deletes blobs, then fsyncs each folder they were in, so the deletion survives power loss. */
async function removeBlobs(dir: string, names: readonly string[]): Promise<void> {
  const folders = new Set<string>()
  for (const name of names) {
    await rm(blobPath(dir, name), { force: true })
    folders.add(join(dir, BLOBS_DIR, name.slice(0, 2)))
  }
  for (const folder of folders) await fsyncDirectory(folder)
}

async function removeTempFiles(dir: string): Promise<number> {
  let removed = 0
  for (const folder of [dir, join(dir, BLOBS_DIR)]) {
    let names: string[]
    try {
      names = await readdir(folder)
    } catch {
      continue
    }
    for (const name of names) {
      if (name.startsWith(TEMP_PREFIX)) {
        await rm(join(folder, name), { force: true })
        removed++
      }
    }
  }
  return removed
}

/** The first 64 KiB of a file, for its media type and image size. */
async function readHead(path: string): Promise<Uint8Array> {
  let handle
  try {
    ;({ handle } = await openRegularFile(path))
    const buffer = Buffer.alloc(64 * 1024)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    return buffer.subarray(0, bytesRead)
  } catch (error) {
    throw fsError(error, path)
  } finally {
    await handle?.close()
  }
}

async function readSealedBlob(
  sodium: Sodium,
  path: string,
  key: Uint8Array
): Promise<{ plaintext: Uint8Array }> {
  return readSealedFile(sodium, path, key, StreamPurpose.blob)
}

/** SHA-256 and size of a blob's plaintext, decrypted chunk by chunk and never held whole. */
async function hashSealedBlob(
  sodium: Sodium,
  path: string,
  key: Uint8Array
): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256')
  const { size } = await openSealedFile(sodium, path, key, StreamPurpose.blob, (block) => {
    hash.update(block)
  })
  return { sha256: hash.digest('hex'), size }
}
