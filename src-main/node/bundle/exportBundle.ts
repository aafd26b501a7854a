import type { Coverage } from '../../common/timestamp/anchorCoverage'
import { coverageOf, timestampAnchors } from '../../common/timestamp/anchorCoverage'
import { bundleTimestampFiles } from '../../common/timestamp/bundleTimestamps'
import { createHash, randomBytes } from 'node:crypto'
import { basename } from 'node:path'
import type { ChainLink } from '../../common/chain/ChainLink'
import type { Clock, RandomBytes } from '../../common/crypto/EvidenceCrypto'
import { utf8 } from '../../common/encoding/bytes'
import { toSha256Hex } from '../../common/encoding/brands'
import type { Sha256Hex } from '../../common/encoding/brands'
import { canonicalJson } from '../../common/encoding/canonicalJson'
import { toHex } from '../../common/encoding/hex'
import type { Entry } from '../../common/entry/Entry'
import { DalelError } from '../../common/errors/DalelError'
import type { Locale } from '../../common/i18n/translate'
import { uuidv7 } from '../../common/ids/uuidv7'
import { withoutUndefined } from '../../common/util/withoutUndefined'
import { ed25519PublicKeyPem } from '../crypto/nodeEvidenceCrypto'
import type { StoredEntry, Vault } from '../vault/Vault'
import { BundleZipWriter } from './BundleZipWriter'
import {
  BUNDLE_FORMAT,
  BUNDLE_LIMITS,
  BUNDLE_VERSION,
  CHAIN_FILE,
  ENTRIES_DIR,
  MANIFEST_FILE,
  PUBLIC_KEY_FILE,
  README_FILE,
  RESERVED_FILES,
  SUMS_FILE,
  SUMS_SIGNATURE_FILE,
  attachmentFileName,
  entryDir,
  entryJsonPath,
  isCompressible,
  isSafeFileName,
  sha256sumsText
} from '../../common/bundle/bundleLayout'
import type { BundleManifest, ManifestFile } from '../../common/bundle/bundleLayout'
import { bundleReadme } from './bundleReadme'
import { pathExists } from '../fs/pathExists'

/** What an export needs of a vault: reading, streaming, signing SHA256SUMS, and one append. */
export type BundleVault = Pick<
  Vault,
  | 'vaultId'
  | 'publicKey'
  | 'author'
  | 'get'
  | 'list'
  | 'links'
  | 'disclosure'
  | 'streamAttachment'
  | 'signSums'
  | 'append'
>

/** One disclosed entry exactly as the bundle carries it. */
export interface DisclosedEntry {
  seq: number
  entry: Entry
  /** 32 bytes, hex */
  salt: string
  link: ChainLink
  /** entries/<seq>/entry.json first, then the attachments in list order */
  files: ManifestFile[]
}

/**
 * What report.html, report.pdf and verify.html are made from. Files returned by ExtraFiles
 * are added to the zip and to SHA256SUMS like every other file, so they are signed too.
 */
export interface ExtraFilesContext {
  manifest: BundleManifest
  entries: readonly DisclosedEntry[]
  /** every link, seq 1..head: chain.jsonl */
  chain: readonly ChainLink[]
  publicKeyPem: string
  locale: Locale
  /** The zip's file name, as README.txt and a report may quote it. */
  bundleName: string
  /** disclosed entries corrected by amendments this bundle does not carry */
  leftOutAmendments: readonly { seq: number; amendedBy: number }[]
  /** per disclosed seq: the trusted timestamp that covers it (in timestamps/), or null */
  timestamps: ReadonlyMap<number, Coverage | null>
  /**
   * Streams one attachment's bytes (an image for the report, say); each block is valid
   * only until the next is delivered. Plaintext: keep it in memory.
   * @returns the size in bytes
   */
  streamAttachment(
    seq: number,
    index: number,
    onBlock: (block: Uint8Array) => Promise<void> | void
  ): Promise<number>
}

/** Paths are relative with forward slashes, outside entries/, not one of the writer's own. */
export type ExtraFiles = (
  ctx: ExtraFilesContext
) => Promise<readonly { path: string; bytes: Uint8Array }[]>

export interface ExportBundleOptions {
  /** the zip to write; an existing file is an error (`bundle-exists`) unless `overwrite` */
  out: string
  /** replace `out` if it exists (atomically); a bundle already handed over must not change */
  overwrite?: boolean
  /**
   * Disclose the chosen entries without the amendments that correct them; the report then
   * says which were left out. By default an entry's amendments go with it.
   */
  withoutAmendments?: boolean
  /** seqs, ids or unique id prefixes; or every entry not withdrawn */
  entries: 'all' | readonly (string | number)[]
  recipient?: string
  purpose?: string
  /** the report's language, recorded in the manifest; English by default */
  locale?: Locale
  extraFiles?: ExtraFiles
}

export interface ExportProgress {
  bytesDone: number
  bytesTotal: number
}

export interface ExportBundleDeps {
  clock: Clock
  random?: RandomBytes
  onProgress?: (progress: ExportProgress) => void
}

export interface ExportBundleResult {
  path: string
  sha256: Sha256Hex
  bytes: number
  bundleId: string
  head: { seq: number; chain: string }
  disclosed: number[]
  /** the custody entry recording this export */
  custody: StoredEntry
  /** disclosed entries corrected by an amendment the bundle does not carry */
  undisclosedAmendments: { seq: number; amendedBy: number }[]
}

function selectEntries(
  vault: BundleVault,
  selection: ExportBundleOptions['entries'],
  withAmendments: boolean
) {
  const chosen =
    selection === 'all'
      ? vault.list().filter((stored) => stored.entry !== null)
      : selection.map((ref) => {
          const stored = vault.get(ref)
          if (stored.entry === null) throw new DalelError('entry-withdrawn', { id: stored.id })
          return stored
        })
  const bySeq = new Map(chosen.map((stored) => [stored.seq, stored]))
  // A correction travels with what it corrects, or the recipient reads the old values.
  if (withAmendments)
    for (const stored of chosen)
      for (const ref of stored.referencedBy)
        if (ref.kind === 'amendment' && !bySeq.has(ref.seq)) {
          const amendment = vault.get(ref.seq)
          if (amendment.entry !== null) bySeq.set(amendment.seq, amendment)
        }
  if (bySeq.size === 0) throw new DalelError('invalid-input', { field: 'entries' })
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq)
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Extra files' paths, compared as an unzip on Windows or macOS would: ignoring letter case. */
function checkExtraPath(path: string, taken: Set<string>): void {
  const parts = path.split('/')
  const folded = path.normalize('NFC').toLowerCase()
  if (
    parts.some((part) => !isSafeFileName(part)) ||
    parts[0]?.toLowerCase() === ENTRIES_DIR ||
    RESERVED_FILES.some((name) => name.toLowerCase() === folded) ||
    taken.has(folded)
  ) {
    throw new DalelError('invalid-input', { field: `bundle file ${path}` })
  }
  taken.add(folded)
}

/**
 * Writes an evidence bundle (DESIGN and FORMATS "Evidence bundle") of the chosen entries and
 * records the export as a `custody` entry.
 *
 * Order, and why: the zip is written to a temporary file beside `out` and fsynced; then the
 * custody entry (with the zip's SHA-256) is appended; only then is the zip renamed into
 * place. So every bundle that ever appears at `out` is recorded in the vault, even across a
 * crash; a failure after the append leaves a custody entry for a bundle that did not land,
 * which over-reports, never under-reports.
 */
export async function exportBundle(
  vault: BundleVault,
  options: ExportBundleOptions,
  deps: ExportBundleDeps
): Promise<ExportBundleResult> {
  if (options.overwrite !== true && (await pathExists(options.out)))
    throw new DalelError('bundle-exists', { path: options.out })
  const selected = selectEntries(vault, options.entries, options.withoutAmendments !== true)
  const selectedSeqs = new Set(selected.map((stored) => stored.seq))
  const leftOutAmendments = selected.flatMap((stored) =>
    stored.referencedBy
      .filter((r) => r.kind === 'amendment' && !selectedSeqs.has(r.seq))
      .map((r) => ({ seq: stored.seq, amendedBy: r.seq }))
  )
  const chain = [...vault.links()]
  const head = chain.at(-1)
  if (head?.seq !== chain.length)
    throw new DalelError('vault-corrupt', { file: CHAIN_FILE, detail: 'the chain skips a seq' })
  const now = deps.clock.now()
  const random = deps.random ?? ((n: number) => new Uint8Array(randomBytes(n)))
  const bundleName = basename(options.out)

  const disclosed: DisclosedEntry[] = []
  const entryJson = new Map<number, Uint8Array>()
  let bytesTotal = 0
  for (const stored of selected) {
    const { salt, jcs, link } = vault.disclosure(stored.seq)
    const entry = JSON.parse(jcs) as Entry
    // entry.json embeds the committed text itself; it must already be canonical, or the
    // recipient's recomputed commitment would not match.
    if (canonicalJson(entry) !== jcs)
      throw new DalelError('vault-corrupt', {
        file: `#${stored.seq}`,
        detail: 'entry not canonical'
      })
    const text = utf8(`{"entry":${jcs},"salt":${JSON.stringify(salt)}}`)
    entryJson.set(stored.seq, text)
    const files: ManifestFile[] = [
      { path: entryJsonPath(stored.seq), sha256: sha256Hex(text), size: text.length }
    ]
    entry.attachments.forEach((attachment, index) => {
      if (attachment.size > BUNDLE_LIMITS.maxFileBytes)
        throw new DalelError('invalid-input', {
          field: `#${stored.seq} ${attachment.name} (over 4 GiB)`
        })
      bytesTotal += attachment.size
      files.push({
        path: `${entryDir(stored.seq)}/${attachmentFileName(index, attachment)}`,
        sha256: attachment.sha256,
        size: attachment.size,
        attachment: index
      })
    })
    disclosed.push({ seq: stored.seq, entry, salt, link, files })
  }

  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    bundleId: uuidv7(now.getTime(), random),
    created: now.toISOString(),
    exporter: vault.author,
    recipient: options.recipient ?? '',
    purpose: options.purpose ?? '',
    locale: options.locale ?? 'en',
    vaultId: vault.vaultId,
    publicKey: toHex(vault.publicKey),
    head: { seq: head.seq, chain: head.chain, signature: head.signature },
    entries: disclosed.map((d) => ({
      seq: d.seq,
      id: d.entry.id,
      kind: d.entry.kind,
      files: d.files
    })),
    ...(leftOutAmendments.length > 0 ? { amendmentsLeftOut: leftOutAmendments } : {})
  }
  const publicKeyPem = ed25519PublicKeyPem(vault.publicKey)
  const chainText = chain
    .map(
      (l) =>
        `${canonicalJson({ chain: l.chain, commitment: l.commitment, seq: l.seq, signature: l.signature })}\n`
    )
    .join('')

  // The trusted timestamps that cover the disclosed entries (issue 13): statements and tokens.
  const anchors = timestampAnchors(vault.list({ kinds: ['anchor'] }).map((s) => s.entry))
  const timestampFiles = bundleTimestampFiles(
    vault.vaultId,
    anchors,
    disclosed.map((d) => d.seq)
  )
  const sums: { path: string; sha256: string }[] = []
  const writer = await BundleZipWriter.create(options.out, now)
  try {
    const addSmall = async (path: string, bytes: Uint8Array, compress = true) => {
      await writer.addBytes(path, bytes, compress)
      sums.push({ path, sha256: sha256Hex(bytes) })
    }
    const tokenPaths = timestampFiles.map((f) => f.path).filter((p) => p.endsWith('.tsr'))
    // Which attachment file is which: names in a zip are ASCII (attachmentFileName).
    const fileNames = disclosed.flatMap((d) =>
      d.files.flatMap((f) => {
        const name =
          f.attachment === undefined ? undefined : d.entry.attachments[f.attachment]?.name
        return name === undefined ? [] : [{ path: f.path, name }]
      })
    )
    await addSmall(README_FILE, utf8(bundleReadme(manifest, bundleName, tokenPaths, fileNames)))
    await addSmall(MANIFEST_FILE, utf8(canonicalJson(manifest)))
    await addSmall(CHAIN_FILE, utf8(chainText))
    await addSmall(PUBLIC_KEY_FILE, utf8(publicKeyPem))

    let bytesDone = 0
    deps.onProgress?.({ bytesDone, bytesTotal })
    for (const d of disclosed) {
      const [jsonFile, ...attachmentFiles] = d.files
      if (jsonFile !== undefined)
        await addSmall(jsonFile.path, entryJson.get(d.seq) ?? new Uint8Array())
      for (const file of attachmentFiles) {
        const index = file.attachment ?? 0
        const attachment = d.entry.attachments[index]
        if (attachment === undefined) continue
        const hash = createHash('sha256')
        let size = 0
        await writer.addStream(
          file.path,
          attachment.size,
          isCompressible(attachment.mediaType),
          async (write) => {
            await vault.streamAttachment(d.seq, index, async (block) => {
              hash.update(block)
              size += block.length
              await write(block)
              bytesDone += block.length
              deps.onProgress?.({ bytesDone, bytesTotal })
            })
            // The blob is authenticated, so this cannot differ unless the vault itself is
            // inconsistent; never hand over a file that contradicts its own entry.
            if (hash.digest('hex') !== attachment.sha256 || size !== attachment.size)
              throw new DalelError('vault-corrupt', {
                file: `#${d.seq} ${attachment.name}`,
                detail: 'attachment differs from its entry'
              })
          }
        )
        sums.push({ path: file.path, sha256: attachment.sha256 })
      }
    }

    for (const file of timestampFiles)
      await addSmall(file.path, file.bytes, !file.path.endsWith('.tsr'))

    if (options.extraFiles !== undefined) {
      const extras = await options.extraFiles({
        manifest,
        entries: disclosed,
        chain,
        publicKeyPem,
        locale: manifest.locale as Locale,
        bundleName,
        leftOutAmendments,
        timestamps: new Map(disclosed.map((d) => [d.seq, coverageOf(d.seq, anchors)])),
        streamAttachment: (seq, index, onBlock) => vault.streamAttachment(seq, index, onBlock)
      })
      const taken = new Set<string>()
      for (const extra of extras) {
        checkExtraPath(extra.path, taken)
        await addSmall(
          extra.path,
          extra.bytes,
          !/\.(pdf|png|jpe?g|gif|webp|zip)$/i.test(extra.path)
        )
      }
    }

    const sumsBytes = utf8(sha256sumsText(sums))
    await writer.addBytes(SUMS_FILE, sumsBytes, true)
    await writer.addBytes(SUMS_SIGNATURE_FILE, vault.signSums(sumsBytes), false)
    const zip = await writer.finish()
    const sha256 = toSha256Hex(zip.sha256)
    const seqs = disclosed.map((d) => d.seq)
    const custody = await vault.append({
      kind: 'custody',
      // The facts as fields, the title only the object: every face says "Export → …" in its
      // reader's language (entryTitle.ts).
      title: ((options.recipient ?? '') || bundleName).slice(0, 300),
      payload: withoutUndefined({
        action: 'export' as const,
        recipient: options.recipient === '' ? undefined : options.recipient,
        purpose: options.purpose === '' ? undefined : options.purpose,
        sha256,
        entries: seqs,
        file: bundleName,
        bundleId: manifest.bundleId,
        bytes: zip.bytes,
        head: head.seq
      })
    })
    await writer.commit({ replace: options.overwrite === true })
    return {
      path: options.out,
      sha256,
      bytes: zip.bytes,
      bundleId: manifest.bundleId,
      head: { seq: head.seq, chain: head.chain },
      disclosed: seqs,
      custody,
      undisclosedAmendments: leftOutAmendments
    }
  } catch (error) {
    await writer.discard()
    throw error
  }
}
