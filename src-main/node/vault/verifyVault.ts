import type { UncheckedChainLink } from '../../common/chain/ChainLink'
import { verifyLinks } from '../../common/chain/verifyLinks'
import type { VaultProblemCode } from '../../common/chain/vaultProblemCodes'
import type { EvidenceCrypto } from '../../common/crypto/EvidenceCrypto'
import { isHexOf } from '../../common/encoding/hex'
import { matchesCanonicalJson } from '../../common/encoding/matchesCanonicalJson'
import type { Entry } from '../../common/entry/Entry'
import { DalelError } from '../../common/errors/DalelError'
import { commitmentHex } from '../crypto/commitmentHex'
import { StreamFormatError } from '../crypto/streamCipher'
import { SignatureCheck } from '../crypto/verifySignatures'
import type { VaultDatabase, VerificationRow } from '../db/VaultDatabase'
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

function blobFile(name: string): string {
  return `blobs/${name.slice(0, 2)}/${name}`
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
  const walked: { last?: UncheckedChainLink } = {}
  const blobs: { seq: number; name: string; sha256: string; size: number }[] = []
  const withdrawals = new Map<number, { target: number; id: string }>()
  const withdrawnRows: { seq: number; id: string; by: number | null }[] = []
  const total = ctx.db.count()
  // Signatures first: worker threads check them (most of the cost) while this thread walks
  // the content and the chain below.
  const signatureCheck = SignatureCheck.start(ctx.db.signatureLinks(), ctx.publicKey)
  const attachmentsBySeq = ctx.db.allAttachmentBlobs()

  // The links are walked as the rows are read (verifyLinks pulls them through this), so no
  // list of every row's link is held.
  function* checkedContent(): Generator<UncheckedChainLink> {
    for (const row of ctx.db.verificationRows()) {
      walked.last = row.link
      yield row.link
      checkContent(row)
    }
  }

  function checkContent(row: VerificationRow): void {
    if (row.entryJson === null) {
      withdrawnRows.push({ seq: row.seq, id: row.id, by: row.withdrawnBy })
      return
    }
    let entry: Entry
    try {
      entry = JSON.parse(row.entryJson) as Entry
    } catch {
      problems.push({
        seq: row.seq,
        code: 'entry-unreadable',
        detail: 'the stored entry is not JSON'
      })
      return
    }
    if (!matchesCanonicalJson(row.entryJson, entry)) {
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
    if (row.salt === null || !isHexOf(row.salt, 32)) {
      problems.push({ seq: row.seq, code: 'salt-missing', detail: 'the entry has no valid salt' })
    } else if (commitmentHex(Buffer.from(row.salt, 'hex'), row.entryJson) !== row.link.commitment) {
      problems.push({
        seq: row.seq,
        code: 'commitment-mismatch',
        detail: 'the content does not match its commitment'
      })
    }
    if (entry.kind === 'withdrawal')
      withdrawals.set(row.seq, { target: entry.payload.target.seq, id: entry.payload.target.id })
    const stored = attachmentsBySeq.get(row.seq) ?? []
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

  const chain = verifyLinks(ctx.crypto, ctx.vaultId, ctx.publicKey, checkedContent(), {
    signatures: 'caller-checks'
  })
  for (const p of chain.problems) problems.push({ seq: p.seq, code: p.code, detail: p.detail })

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

  const last = walked.last
  return {
    ok: problems.length === 0,
    entries: chain.count,
    withdrawn: withdrawnRows.length,
    attachments: blobs.length,
    head: last === undefined ? null : { seq: last.seq, chain: last.chain },
    problems,
    warnings
  }
}
