import { open, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fsError } from '../fs/fsError'
import { liveKeys, writableJournal } from './VaultState'
import type { VaultState } from './VaultState'
import { JOURNAL_FILE, SNAPSHOT_FILE, VAULT_FILE } from './vaultTypes'
import type { BackupSources } from './vaultTypes'

/**
 * The files a backup copies, as they are on disk (already encrypted), consistent at this
 * instant: the snapshot and journal are opened here, so a compaction that replaces them
 * later does not change what is read; the journal is read only up to its last
 * acknowledged record; blobs never change once written. Only a writer (holding the lock)
 * can give them, so no other process appends meanwhile. Call inside the vault's WriteQueue.
 */
export async function backupSources(state: VaultState): Promise<BackupSources> {
  liveKeys(state)
  const journalWriter = writableJournal(state)
  const blobs = [...state.db.allBlobNames()]
    .sort()
    .map((name) => ({ name, path: state.blobs.path(name) }))
  const snapshot = await open(join(state.dir, SNAPSHOT_FILE), 'r').catch((error: unknown) => {
    throw fsError(error, SNAPSHOT_FILE)
  })
  const journal = await open(join(state.dir, JOURNAL_FILE), 'r').catch(async (error: unknown) => {
    await snapshot.close()
    throw fsError(error, JOURNAL_FILE)
  })
  const head = state.db.head()
  return {
    vaultJson: await readFile(join(state.dir, VAULT_FILE)),
    snapshot: { handle: snapshot, length: (await snapshot.stat()).size },
    journal: { handle: journal, length: journalWriter.byteLength },
    blobs,
    head: { seq: head.seq, chain: head.chain ?? '' }
  }
}
