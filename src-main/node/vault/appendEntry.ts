import { SALT_BYTES } from '../../common/chain/chain'
import { sealEntry } from '../../common/chain/sealEntry'
import { fromUtf8 } from '../../common/encoding/bytes'
import { toHex } from '../../common/encoding/hex'
import type { Entry, EntryDraft } from '../../common/entry/Entry'
import { validateDraft, validateStatedTimes } from '../../common/entry/validateDraft'
import { DalelError } from '../../common/errors/DalelError'
import { uuidv7 } from '../../common/ids/uuidv7'
import { rm } from 'node:fs/promises'
import type { StoredBlob } from './BlobStore'
import { encodeJournalRecord } from './journalRecord'
import { authorOf, chainHead, liveKeys, signerOf, writableJournal } from './VaultState'
import type { VaultState } from './VaultState'
import type { AttachmentInput, StoredEntry } from './vaultTypes'
import { purgeWithdrawn } from './withdrawalPurge'

function checkTarget(state: VaultState, target: { seq: number; id: string }): void {
  const row = state.db.bySeq(target.seq)
  if (row?.id !== target.id) throw new DalelError('entry-not-found', { id: target.id })
  if (row.withdrawnBy !== null) throw new DalelError('entry-withdrawn', { id: target.id })
}

/**
 * Records a new entry. Attachments are encrypted and written first; then one journal
 * record is appended and fsynced; only then does this return, and the entry is acknowledged.
 * `onBytes` hears the bytes of the attachments (over all of them, in order) sealed so far.
 * Call inside the vault's WriteQueue.
 */
export async function appendEntry(
  state: VaultState,
  draft: EntryDraft,
  files: readonly AttachmentInput[],
  onBytes?: (bytesDone: number) => void
): Promise<StoredEntry> {
  const keys = liveKeys(state)
  const journal = writableJournal(state)
  const { db, caps } = state
  validateDraft(draft)
  if (draft.kind === 'amendment' || draft.kind === 'withdrawal')
    checkTarget(state, draft.payload.target)
  // Links point back in the chain only (the new entry's seq does not exist yet, so it
  // cannot name itself), and never at destroyed content.
  for (const ref of (draft.payload as { about?: { seq: number; id: string }[] }).about ?? [])
    checkTarget(state, ref)
  const purge =
    draft.kind === 'withdrawal'
      ? db
          .attachmentBlobs(draft.payload.target.seq)
          .map((b) => b.blobName)
          .filter((name) => name !== '')
      : []
  const written: StoredBlob[] = []
  let stored: StoredEntry
  try {
    let before = 0
    for (const file of files) {
      const stored = await state.blobs.store(
        keys,
        file,
        onBytes === undefined
          ? undefined
          : (done) => {
              onBytes(before + done)
            }
      )
      written.push(stored)
      before += stored.attachment.size
    }
    const now = caps.clock.now()
    validateStatedTimes(draft, now)
    const head = chainHead(state)
    const entry: Entry = {
      ...draft,
      seq: head.seq + 1,
      id: uuidv7(now.getTime(), caps.random),
      recordedAt: now.toISOString(),
      author: authorOf(state),
      attachments: written.map((w) => w.attachment)
    }
    const salt = caps.random(SALT_BYTES)
    const sealed = sealEntry(caps.crypto.sha256, signerOf(state, keys), head.chain, entry, salt)
    const jcs = fromUtf8(sealed.jcs)
    const saltHex = toHex(salt)
    const blobNames = written.map((w) => w.blobName)
    const record = encodeJournalRecord({
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
    // changes the database meanwhile (see WriteQueue).
    let indexed = 'no' as 'no' | 'staged' | 'committed'
    try {
      await journal.append(record, keys.journal, () => {
        if (entry.kind === 'withdrawal') {
          db.stageEntry(entry, jcs, saltHex, sealed.link, blobNames)
          indexed = 'staged'
        } else {
          db.insertEntry(entry, jcs, saltHex, sealed.link, blobNames)
          indexed = 'committed'
        }
      })
    } catch (error) {
      if (indexed === 'staged') db.rollback()
      if (indexed === 'committed') db.removeEntry(entry.seq)
      throw error
    }
    if (indexed === 'staged') db.commit()
    state.lastLink = { seq: entry.seq, chain: Buffer.from(sealed.link.chain, 'hex') }
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
      referencedBy: [],
      linkedFrom: []
    }
  } catch (error) {
    for (const w of written) if (w.created) await rm(state.blobs.path(w.blobName), { force: true })
    throw error
  }
  if (draft.kind === 'withdrawal') {
    // The withdrawal is acknowledged: its record is on disk. Destroying the content is
    // done now if it can be, and otherwise at the next close or open (finishPurge).
    try {
      await purgeWithdrawn(state, purge)
    } catch {
      state.purgePending = true
    }
  }
  return stored
}
