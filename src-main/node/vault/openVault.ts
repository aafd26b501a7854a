import { readFile, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { toHex } from '../../common/encoding/hex'
import { DalelError } from '../../common/errors/DalelError'
import { VaultDatabase } from '../db/VaultDatabase'
import { TEMP_PREFIX } from '../fs/durable'
import { fsError } from '../fs/fsError'
import { BlobStore } from './BlobStore'
import { readHeaderFile } from './headerFile'
import { JournalWriter, parseJournal, writeEmptyJournal } from './journalFile'
import { replayJournalRecord } from './journalRecord'
import { openSnapshot, readSnapshotFile } from './snapshotFile'
import type { SnapshotBytes } from './snapshotFile'
import { unwrapMasterKey } from './vaultHeader'
import type { VaultHeader } from './vaultHeader'
import { deriveVaultKeys, wipeVaultKeys } from './vaultKeys'
import type { VaultKeys } from './vaultKeys'
import { LOCK_FILE, acquireVaultLock } from './vaultLock'
import { vaultCapabilities } from './VaultState'
import type { VaultCapabilities, VaultState } from './VaultState'
import { BLOBS_DIR, JOURNAL_FILE, SNAPSHOT_FILE, VAULT_FILE } from './vaultTypes'
import type {
  OpenVaultOptions,
  UnlockPhase,
  UnlockSecret,
  VaultDeps,
  VaultNotice
} from './vaultTypes'
import { finishPurge, removeUnreferencedBlobs } from './withdrawalPurge'

/** The encrypted files an unlock needs, read into memory before the key is known. */
interface VaultFiles {
  snapshot: SnapshotBytes
  journal: Buffer
}

/** Times each step of an unlock for OpenVaultOptions.onPhase; free when nobody listens. */
type PhaseTimer = <T>(phase: UnlockPhase, work: () => T) => T

function phaseTimer(onPhase: OpenVaultOptions['onPhase']): PhaseTimer {
  if (onPhase === undefined) return (_phase, work) => work()
  return (phase, work) => {
    const start = performance.now()
    const result = work()
    if (result instanceof Promise) {
      return result.finally(() => {
        onPhase(phase, performance.now() - start)
      }) as typeof result
    }
    onPhase(phase, performance.now() - start)
    return result
  }
}

/**
 * Unlocks the vault in `dir` with a passphrase or the recovery code: takes the lock (unless
 * read-only), derives the key while the files are read, decrypts the snapshot, replays the
 * journal and, for a writer, finishes what a crash left (a torn tail, temp files, a
 * withdrawal's purge, unreferenced blobs). `knownHeader` spares reading vault.json again
 * right after createVault wrote it.
 */
export async function openVault(
  dir: string,
  secret: UnlockSecret,
  options: OpenVaultOptions,
  deps: VaultDeps,
  knownHeader?: VaultHeader
): Promise<VaultState> {
  const caps = await vaultCapabilities(deps)
  const { sodium } = caps
  const time = phaseTimer(options.onPhase)
  const header = knownHeader ?? (await readHeaderFile(dir))
  // A writer takes the lock before it reads anything: what it reads must be what it then
  // appends to.
  const releaseLock =
    options.readOnly === true ? null : await time('lock', () => acquireVaultLock(dir))
  try {
    // The files are read while Argon2id runs on its worker thread; what reading them
    // found (a missing snapshot, say) is told only once the passphrase is known good.
    const files = settled(time('read-files', () => readVaultFiles(dir)))
    VaultDatabase.preload()
    let master: Uint8Array
    try {
      master = await time('argon2id', () =>
        unwrapMasterKey(
          sodium,
          header,
          'passphrase' in secret
            ? { passphrase: secret.passphrase }
            : { recoveryCode: secret.recoveryCode }
        )
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
      return await loadVault(dir, header, caps, keys, read.value, options, releaseLock, time)
    } catch (error) {
      wipeVaultKeys(sodium, keys)
      throw error
    }
  } catch (error) {
    await releaseLock?.()
    throw error
  }
}

/** Decrypts the snapshot, replays the journal into it and opens the journal for appending. */
async function loadVault(
  dir: string,
  header: VaultHeader,
  caps: VaultCapabilities,
  keys: VaultKeys,
  files: VaultFiles,
  options: OpenVaultOptions,
  releaseLock: (() => Promise<void>) | null,
  time: PhaseTimer
): Promise<VaultState> {
  const { sodium } = caps
  const notices: VaultNotice[] = []
  const snapshot = time('decrypt-snapshot', () => openSnapshot(sodium, files.snapshot, keys))
  const journalPath = join(dir, JOURNAL_FILE)
  const journal = time('parse-journal', () =>
    parseJournal(sodium, files.journal, keys.journal, header.vaultId)
  )
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
    db = await time('load-database', () => VaultDatabase.load(snapshot.plaintext))
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
    const purgePending = !stale && time('replay-journal', () => replayJournal(db, journal.records))
    if (!stale && journal.tornBytes > 0)
      notices.push({ code: 'torn-journal-tail', params: { bytes: journal.tornBytes } })
    let writer: JournalWriter | null = null
    if (options.readOnly !== true) {
      writer = await time('open-journal', async () => {
        if (!stale) return JournalWriter.open(sodium, journalPath, header.vaultId, journal)
        await writeEmptyJournal(journalPath, snapshot.generation)
        return JournalWriter.open(sodium, journalPath, header.vaultId, {
          generation: snapshot.generation,
          validLength: 16,
          tornBytes: 0,
          records: []
        })
      })
      const removed = await removeTempFiles(dir)
      if (removed > 0) notices.push({ code: 'temp-files-removed', params: { count: removed } })
    }
    const state: VaultState = {
      dir,
      header,
      keys,
      closed: false,
      db,
      journal: writer,
      generation: snapshot.generation,
      blobs: new BlobStore(dir, sodium, caps.random, caps.sealThreads),
      releaseLock,
      caps,
      notices,
      tornBytes: stale ? 0 : journal.tornBytes,
      purgePending: false,
      lastLink: undefined,
      author: undefined
    }
    if (writer !== null) {
      if (purgePending) await finishPurge(state)
      // Best effort, like the purge: a blob that cannot be deleted stays, and verify
      // names it as unreferenced.
      const removed = purgePending ? 0 : await removeUnreferencedBlobs(state).catch(() => 0)
      if (removed > 0)
        notices.push({ code: 'unreferenced-blobs-removed', params: { count: removed } })
    }
    return state
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * Replays every journal record into the database in one transaction (SQLite then writes
 * each page once, not once per record). @returns whether a withdrawal was among them
 */
function replayJournal(db: VaultDatabase, records: readonly Uint8Array[]): boolean {
  let withdrawal = false
  db.begin()
  try {
    for (const [index, record] of records.entries()) {
      if (replayJournalRecord(db, record, index) === 'withdrawal') withdrawal = true
    }
    db.commit()
  } catch (error) {
    db.rollback()
    throw error
  }
  return withdrawal
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
      if (!name.startsWith(TEMP_PREFIX)) continue
      await rm(join(folder, name), { force: true })
      // A lock's temp and break files are another writer's business (vaultLock), not
      // something a crash left half-written: not worth a notice.
      if (!name.startsWith(`${TEMP_PREFIX}${LOCK_FILE}`)) removed++
    }
  }
  return removed
}
