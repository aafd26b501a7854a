import { ChainWalk } from '../../common/chain/verifyLinks'
import type { VaultProblemCode } from '../../common/chain/vaultProblemCodes'
import type { EvidenceCrypto } from '../../common/crypto/EvidenceCrypto'
import { bytesEqual } from '../../common/encoding/bytes'
import { isPlainCanonicalJson } from '../../common/encoding/isPlainCanonicalJson'
import { matchesCanonicalJson } from '../../common/encoding/matchesCanonicalJson'
import type { Entry } from '../../common/entry/Entry'
import { DalelError } from '../../common/errors/DalelError'
import { isUtf8 } from 'node:buffer'
import { commitmentDigest } from '../crypto/commitmentDigest'
import { StreamFormatError } from '../crypto/streamCipher'
import { SignatureCheck } from '../crypto/verifySignatures'
import type { AttachmentBlob, VaultDatabase, VerificationRow } from '../db/VaultDatabase'
import { listBlobFolderFiles } from './BlobStore'

export interface VerifyProblem {
  code: VaultProblemCode
  detail: string
  seq?: number
  file?: string
}

export interface VerifyReport {
  /** true only when every link, commitment, signature and blob was checked and held */
  ok: boolean
  entries: number
  withdrawn: number
  attachments: number
  head: { seq: number; chain: string } | null
  problems: VerifyProblem[]
  /** not failures, but worth a line: e.g. an incomplete journal record a crash left */
  warnings: VerifyProblem[]
  /** the trusted-timestamp anchors checked (node/timestamp/verifyAnchors), when they were */
  timestamps?: { anchors: number; tokens: number; coveredSeq: number }
}

export interface VerifyContext {
  dir: string
  vaultId: string
  publicKey: Uint8Array
  db: VaultDatabase
  tornBytes: number
  /** the journal was of an older generation than the snapshot (see VaultNotice) */
  staleJournal: boolean
  crypto: EvidenceCrypto
  hashBlob: (blobName: string) => Promise<{ sha256: string; size: number }>
  blobPath: (blobName: string) => string
}

const NO_ATTACHMENTS: readonly AttachmentBlob[] = []

function blobFile(name: string): string {
  return `blobs/${name.slice(0, 2)}/${name}`
}

/**
 * Whether committed entry bytes are valid UTF-8 in JCS form. The one-pass check answers for
 * nearly every entry; only what it is not sure of is decoded and compared with canonicalJson.
 */
function isCanonicalEntry(bytes: Buffer): boolean {
  if (!isUtf8(bytes)) return false
  if (isPlainCanonicalJson(bytes)) return true
  const text = bytes.toString('utf8')
  return matchesCanonicalJson(text, JSON.parse(text))
}

/** The last row as stored: its chain hash as text, even when it is malformed. */
function headOf(db: VaultDatabase): VerifyReport['head'] {
  const head = db.head()
  return head.chain === null ? null : { seq: head.seq, chain: head.chain }
}

/**
 * Checks the whole vault and reports every problem with its seq or file. Nothing is
 * skipped: an entry whose content is gone must have a withdrawal that names it, and its
 * link is still checked.
 */
export async function verifyVault(
  ctx: VerifyContext,
  onProgress?: (done: number, total: number) => void
): Promise<VerifyReport> {
  const problems: VerifyProblem[] = []
  const warnings: VerifyProblem[] = []
  const blobs: { seq: number; name: string; sha256: string; size: number }[] = []
  const withdrawals = new Map<number, { target: number; id: string }>()
  const withdrawnRows: { seq: number; id: string; by: number | null }[] = []
  const total = ctx.db.count()
  const attachmentsBySeq = ctx.db.allAttachmentBlobs()
  // Worker threads check the signatures (most of the cost) as this thread hands them over
  // from the one walk over the rows below, which also checks the content and the chain; at
  // the end it joins them on what is left. Each row is read once, and no list of them is held.
  const signatureCheck = SignatureCheck.start(total, ctx.publicKey)
  const walk = new ChainWalk((data) => ctx.crypto.sha256(data), ctx.vaultId, ctx.publicKey)
  try {
    for (const row of ctx.db.verificationRows()) {
      signatureCheck.add(row.seq, row.chain, row.signature)
      walk.next(row.seq, row.commitment, row.chain, row.signature !== null)
      checkContent(row)
    }
  } catch (error) {
    await signatureCheck.abort()
    throw error
  }

  function checkContent(row: VerificationRow): void {
    if (row.entryJson === null) {
      withdrawnRows.push({ seq: row.seq, id: row.id, by: row.withdrawnBy })
      return
    }
    // The committed bytes read one character per byte: decoding UTF-8 (most of a Cyrillic
    // entry) cost more than parsing it. The JSON's structure and every field read here (seq,
    // id, kind, hashes, sizes, the withdrawn entry) are ASCII, the same either way; text
    // fields hold their UTF-8 bytes and are not read.
    const bytes = row.entryJson
    const text = bytes.toString('latin1')
    let entry: Entry
    try {
      entry = JSON.parse(text) as Entry
    } catch {
      problems.push({
        seq: row.seq,
        code: 'entry-unreadable',
        detail: 'the stored entry is not JSON'
      })
      return
    }
    if (!isCanonicalEntry(bytes)) {
      problems.push({
        seq: row.seq,
        code: 'entry-not-canonical',
        detail: 'the stored entry is not in canonical form'
      })
    }
    if (entry.seq !== row.seq || entry.id !== row.id || entry.kind !== row.kind) {
      problems.push({
        seq: row.seq,
        code: 'entry-index-mismatch',
        detail: 'seq, id or kind differ from the index'
      })
    }
    if (row.salt === null) {
      problems.push({ seq: row.seq, code: 'salt-missing', detail: 'the entry has no valid salt' })
    } else if (
      row.commitment === null ||
      !bytesEqual(commitmentDigest(row.salt, bytes), row.commitment)
    ) {
      problems.push({
        seq: row.seq,
        code: 'commitment-mismatch',
        detail: 'the content does not match its commitment'
      })
    }
    if (entry.kind === 'withdrawal')
      withdrawals.set(row.seq, { target: entry.payload.target.seq, id: entry.payload.target.id })
    const stored = attachmentsBySeq.get(row.seq) ?? NO_ATTACHMENTS
    if (stored.length !== entry.attachments.length) {
      problems.push({
        seq: row.seq,
        code: 'attachment-index-mismatch',
        detail: 'attachment count differs from the entry'
      })
    }
    entry.attachments.forEach((attachment, position) => {
      const blob = stored[position]
      if (blob !== undefined && blob.sha256 === attachment.sha256) {
        blobs.push({
          seq: row.seq,
          name: blob.blobName,
          sha256: attachment.sha256,
          size: attachment.size
        })
      } else {
        problems.push({
          seq: row.seq,
          code: 'attachment-index-mismatch',
          detail: `attachment ${position + 1} differs from the index`
        })
      }
    })
  }

  for (const p of walk.problems) problems.push({ seq: p.seq, code: p.code, detail: p.detail })

  for (const w of withdrawnRows) {
    const by = w.by === null ? undefined : withdrawals.get(w.by)
    if (by?.target !== w.seq || by.id !== w.id) {
      problems.push({
        seq: w.seq,
        code: 'content-missing',
        detail: 'the content is gone and no withdrawal names this entry'
      })
    }
  }

  // This thread joins the workers on the signatures they have not got to yet.
  for (const seq of await signatureCheck.finish()) {
    problems.push({
      seq,
      code: 'bad-signature',
      detail: 'signature does not verify with the vault key'
    })
  }
  problems.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
  onProgress?.(total, total)

  const seen = new Set<string>()
  for (const blob of blobs) {
    seen.add(blob.name)
    const file = blobFile(blob.name)
    try {
      const actual = await ctx.hashBlob(blob.name)
      if (actual.sha256 !== blob.sha256 || actual.size !== blob.size) {
        problems.push({
          seq: blob.seq,
          file,
          code: 'blob-mismatch',
          detail: 'the file decrypts, but is not the one recorded'
        })
      }
    } catch (error) {
      if (error instanceof DalelError && error.code === 'file-not-found') {
        problems.push({
          seq: blob.seq,
          file,
          code: 'blob-missing',
          detail: 'the attachment file is missing'
        })
      } else if (error instanceof StreamFormatError) {
        problems.push({
          seq: blob.seq,
          file,
          code: 'blob-corrupt',
          detail: `the attachment file is damaged (${error.reason})`
        })
      } else {
        problems.push({ seq: blob.seq, file, code: 'blob-unreadable', detail: String(error) })
      }
    }
  }

  // An unreadable blobs/ folder shows as each blob's own problem above.
  for (const { folder, name } of await listBlobFolderFiles(ctx.dir).catch(() => [])) {
    if (!seen.has(name))
      warnings.push({
        file: `blobs/${folder}/${name}`,
        code: 'blob-unreferenced',
        detail: 'a file no entry refers to'
      })
  }
  if (ctx.tornBytes > 0) {
    warnings.push({
      file: 'journal.bin',
      code: 'torn-journal-tail',
      detail: `${ctx.tornBytes} bytes of an incomplete last record (a write interrupted by a crash, or a cut file)`
    })
  }

  if (ctx.staleJournal) {
    warnings.push({
      file: 'journal.bin',
      code: 'stale-journal',
      detail: 'older than the snapshot: a compaction was interrupted, or the journal was replaced'
    })
  }

  return {
    ok: problems.length === 0,
    entries: walk.count,
    withdrawn: withdrawnRows.length,
    attachments: blobs.length,
    head: headOf(ctx.db),
    problems,
    warnings
  }
}
