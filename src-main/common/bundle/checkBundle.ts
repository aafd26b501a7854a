// Pure TypeScript, no node:* import: the checks of FORMATS "Evidence bundle" → "Verification"
// over files already read, so the offline verify.html can run the very same code.
import type { ChainLink } from '../chain/ChainLink'
import { commitmentOf } from '../chain/chain'
import { verifyLinks } from '../chain/verifyLinks'
import type { EvidenceCrypto } from '../crypto/EvidenceCrypto'
import { fromUtf8, utf8 } from '../encoding/bytes'
import { canonicalJson } from '../encoding/canonicalJson'
import { fromHex, isHexOf, toHex } from '../encoding/hex'
import type { Sha256Hex, SignatureHex } from '../encoding/brands'
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  CHAIN_FILE,
  ENTRIES_DIR,
  MANIFEST_FILE,
  PUBLIC_KEY_FILE,
  SUMS_FILE,
  SUMS_SIGNATURE_FILE,
  entryDir,
  entryJsonPath,
  isSafeFileName
} from './bundleLayout'
import type { BundleManifest, ManifestEntry, ManifestFile } from './bundleLayout'
import { unsafeNameReason } from './ScannedBundle'
import type { BundleProblem } from './ScannedBundle'

/** A file of the bundle as read: its hash and size, and its bytes if it is one verification parses. */
export interface BundleFileDigest {
  sha256: string
  size: number
  bytes?: Uint8Array
}

export interface BundleCheck {
  problems: BundleProblem[]
  /** null when manifest.json is missing or invalid */
  manifest: BundleManifest | null
  /** lines of chain.jsonl read */
  chainLength: number
  /** the disclosed entries whose every check held */
  verifiedEntries: number[]
  /** chain.jsonl's links as read (timestamps/ statements are checked against them) */
  links: ChainLink[]
  /**
   * Each disclosed attachment's recorded name (entry.json's attachment list) by its path in
   * the bundle: files are named `<index>.<ext>` there (attachmentFileName), and every verifier
   * shows the name beside the path. Only names an entry.json that parsed holds; trust them as
   * far as that entry verified.
   */
  attachmentNames: AttachmentName[]
}

export interface AttachmentName {
  seq: number
  /** the file's path in the bundle, as the manifest lists it */
  path: string
  /** the name the file was recorded under */
  name: string
}

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw 32-byte key follows. */
const ED25519_SPKI_PREFIX = '302a300506032b6570032100'

function text(bytes: Uint8Array | undefined): string | null {
  if (bytes === undefined) return null
  try {
    return fromUtf8(bytes)
  } catch {
    return null
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isCount(value: unknown, min = 0): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min
}

/** The raw 32-byte key of an Ed25519 public key in SPKI PEM, as public-key.pem holds it. */
export function parsePublicKeyPem(pem: string): Uint8Array | null {
  const match =
    /^-----BEGIN PUBLIC KEY-----\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n-----END PUBLIC KEY-----\r?\n?$/.exec(
      pem
    )
  if (match === null) return null
  let der: Uint8Array
  try {
    der = Uint8Array.from(atob((match[1] ?? '').replace(/\r?\n/g, '')), (c) => c.charCodeAt(0))
  } catch {
    return null
  }
  const hex = toHex(der)
  return der.length === 44 && hex.startsWith(ED25519_SPKI_PREFIX) ? der.subarray(12) : null
}

/** manifest.json, strictly: JCS, and every field of FORMATS in its type. */
export function parseBundleManifest(
  json: string
): { manifest: BundleManifest } | { error: string } {
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch {
    return { error: 'not JSON' }
  }
  if (canonicalJson(raw) !== json) return { error: 'not canonical JSON (JCS)' }
  if (!isObject(raw)) return { error: 'not an object' }
  if (raw.format !== BUNDLE_FORMAT || raw.version !== BUNDLE_VERSION)
    return { error: `not ${BUNDLE_FORMAT} version ${BUNDLE_VERSION}` }
  for (const field of [
    'bundleId',
    'created',
    'exporter',
    'recipient',
    'purpose',
    'locale',
    'vaultId'
  ])
    if (typeof raw[field] !== 'string') return { error: `${field} missing` }
  if (!isHexOf(raw.publicKey, 32)) return { error: 'publicKey' }
  const head = raw.head
  if (
    !isObject(head) ||
    !isCount(head.seq, 1) ||
    !isHexOf(head.chain, 32) ||
    !isHexOf(head.signature, 64)
  )
    return { error: 'head' }
  if (!Array.isArray(raw.entries)) return { error: 'entries' }
  for (const entry of raw.entries as unknown[]) {
    if (
      !isObject(entry) ||
      !isCount(entry.seq, 1) ||
      typeof entry.id !== 'string' ||
      typeof entry.kind !== 'string' ||
      !Array.isArray(entry.files)
    )
      return { error: 'an entry' }
    for (const file of entry.files as unknown[]) {
      if (
        !isObject(file) ||
        typeof file.path !== 'string' ||
        !isHexOf(file.sha256, 32) ||
        !isCount(file.size) ||
        (file.attachment !== undefined && !isCount(file.attachment))
      )
        return { error: `a file of entry ${entry.seq}` }
    }
  }
  const leftOut = raw.amendmentsLeftOut
  if (
    leftOut !== undefined &&
    (!Array.isArray(leftOut) ||
      !leftOut.every((a) => isObject(a) && isCount(a.seq, 1) && isCount(a.amendedBy, 1)))
  )
    return { error: 'amendmentsLeftOut' }
  return { manifest: raw as unknown as BundleManifest }
}

/** SHA256SUMS as `sha256sum -c` reads it: "<hex>  <path>" (or " *<path>") per line. */
function parseSums(sums: string, problems: BundleProblem[]): Map<string, string> {
  const listed = new Map<string, string>()
  const malformed = (line: number, detail: string) =>
    problems.push({ code: 'sums-malformed', file: SUMS_FILE, detail: `line ${line}: ${detail}` })
  if (sums !== '' && !sums.endsWith('\n')) malformed(sums.split('\n').length, 'no final newline')
  const lines = sums.split('\n')
  if (lines.at(-1) === '') lines.pop()
  for (const [index, line] of lines.entries()) {
    const match = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line)
    const path = match?.[2]
    if (match === null || path === undefined) malformed(index + 1, 'not "<sha256>  <path>"')
    else if (unsafeNameReason(path) !== null) malformed(index + 1, `unsafe path ${path}`)
    else if (path === SUMS_FILE || path === SUMS_SIGNATURE_FILE)
      malformed(index + 1, `lists ${path}`)
    else if (listed.has(path)) malformed(index + 1, `lists ${path} twice`)
    else listed.set(path, (match[1] ?? '').toLowerCase())
  }
  return listed
}

/** chain.jsonl: one JCS object {chain, commitment, seq, signature} per line. */
function parseChain(chain: string, problems: BundleProblem[]): ChainLink[] {
  const links: ChainLink[] = []
  const malformed = (line: number, detail: string) =>
    problems.push({ code: 'chain-malformed', file: CHAIN_FILE, detail: `line ${line}: ${detail}` })
  if (!chain.endsWith('\n')) malformed(chain.split('\n').length, 'no final newline')
  const lines = chain.split('\n')
  if (lines.at(-1) === '') lines.pop()
  if (lines.length === 0) malformed(1, 'empty')
  for (const [index, line] of lines.entries()) {
    let raw: unknown
    try {
      raw = JSON.parse(line)
    } catch {
      malformed(index + 1, 'not JSON')
      continue
    }
    if (
      !isObject(raw) ||
      Object.keys(raw).length !== 4 ||
      !isCount(raw.seq, 1) ||
      typeof raw.commitment !== 'string' ||
      typeof raw.chain !== 'string' ||
      typeof raw.signature !== 'string'
    ) {
      malformed(index + 1, 'not {chain, commitment, seq, signature}')
      continue
    }
    if (canonicalJson(raw) !== line) {
      malformed(index + 1, 'not canonical JSON (JCS)')
      continue
    }
    links.push({
      seq: raw.seq,
      commitment: raw.commitment as Sha256Hex,
      chain: raw.chain as Sha256Hex,
      signature: raw.signature as SignatureHex
    })
  }
  return links
}

interface EntryCheckContext {
  files: ReadonlyMap<string, BundleFileDigest>
  refused: ReadonlySet<string>
  links: ReadonlyMap<number, ChainLink>
  crypto: EvidenceCrypto
  problems: BundleProblem[]
  names: AttachmentName[]
}

/** One disclosed entry: its files, its commitment against the chain, its attachments. */
function checkEntry(m: ManifestEntry, ctx: EntryCheckContext): boolean {
  const seq = m.seq
  let held = true
  const add = (problem: Omit<BundleProblem, 'seq'>) => {
    held = false
    ctx.problems.push({ ...problem, seq })
  }
  const jsonPath = entryJsonPath(seq)
  const jsonFile = m.files.find((f) => f.path === jsonPath && f.attachment === undefined)
  if (jsonFile === undefined)
    add({ code: 'manifest-invalid', file: MANIFEST_FILE, detail: `no ${jsonPath}` })
  for (const f of m.files) {
    const name = f.path.slice(entryDir(seq).length + 1)
    if (
      !f.path.startsWith(`${entryDir(seq)}/`) ||
      (f.path !== jsonPath && !isSafeFileName(name)) ||
      (f.path === jsonPath) !== (f.attachment === undefined)
    ) {
      add({ code: 'manifest-invalid', file: MANIFEST_FILE, detail: `file ${f.path}` })
      continue
    }
    const actual = ctx.files.get(f.path)
    if (actual === undefined) {
      // A refused file was reported when it was read; the entry still fails.
      if (ctx.refused.has(f.path)) held = false
      else add({ code: 'file-missing', file: f.path, detail: 'listed in the manifest' })
    } else if (actual.sha256 !== f.sha256 || actual.size !== f.size) {
      add({ code: 'file-mismatch', file: f.path, detail: 'differs from the manifest' })
    }
  }

  const json = text(ctx.files.get(jsonPath)?.bytes)
  if (json === null) {
    if (ctx.files.has(jsonPath)) add({ code: 'entry-invalid', file: jsonPath, detail: 'not UTF-8' })
    return false
  }
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch {
    add({ code: 'entry-invalid', file: jsonPath, detail: 'not JSON' })
    return false
  }
  if (
    !isObject(raw) ||
    Object.keys(raw).length !== 2 ||
    !isObject(raw.entry) ||
    !isHexOf(raw.salt, 32)
  ) {
    add({ code: 'entry-invalid', file: jsonPath, detail: 'not {entry, salt}' })
    return false
  }
  if (canonicalJson(raw) !== json) {
    add({ code: 'entry-invalid', file: jsonPath, detail: 'not canonical JSON (JCS)' })
    return false
  }
  const entry = raw.entry
  const commitment = toHex(
    commitmentOf((data) => ctx.crypto.sha256(data), fromHex(raw.salt), utf8(canonicalJson(entry)))
  )
  const link = ctx.links.get(seq)
  if (link === undefined)
    add({ code: 'entry-not-in-chain', file: jsonPath, detail: 'no line in chain.jsonl' })
  else if (link.commitment !== commitment)
    add({
      code: 'commitment-mismatch',
      file: jsonPath,
      detail: 'salt and entry do not give the chain commitment'
    })
  if (entry.seq !== seq || entry.id !== m.id || entry.kind !== m.kind)
    add({
      code: 'entry-mismatch',
      file: jsonPath,
      detail: 'seq, id or kind differ from the manifest'
    })

  const attachments = Array.isArray(entry.attachments) ? (entry.attachments as unknown[]) : []
  attachments.forEach((attachment, index) => {
    const listed = m.files.find((f) => f.attachment === index)
    if (listed === undefined) {
      add({ code: 'attachment-missing', file: jsonPath, detail: `attachment ${index}` })
      return
    }
    if (isObject(attachment) && typeof attachment.name === 'string')
      ctx.names.push({ seq, path: listed.path, name: attachment.name })
    const actual = ctx.files.get(listed.path)
    if (
      actual !== undefined &&
      (!isObject(attachment) ||
        actual.sha256 !== attachment.sha256 ||
        actual.size !== attachment.size)
    )
      add({
        code: 'attachment-mismatch',
        file: listed.path,
        detail: 'not the file the entry recorded'
      })
  })
  for (const f of m.files)
    if (f.attachment !== undefined && f.attachment >= attachments.length)
      add({
        code: 'manifest-invalid',
        file: MANIFEST_FILE,
        detail: `${f.path}: no attachment ${f.attachment}`
      })
  return held
}

/**
 * Checks a bundle's files, as FORMATS "Verification" lists, and reports every problem with
 * its file and seq. Nothing is skipped silently: when a check cannot run (a file missing or
 * unreadable), the reason is itself a problem, so the result is never "ok" by omission.
 * @param refused files present but refused while reading, each already reported
 */
export function checkBundle(
  files: ReadonlyMap<string, BundleFileDigest>,
  refused: ReadonlySet<string>,
  crypto: EvidenceCrypto
): BundleCheck {
  const problems: BundleProblem[] = []
  const present = (path: string) => {
    if (files.has(path)) return true
    if (!refused.has(path)) problems.push({ code: 'file-missing', file: path, detail: 'required' })
    return false
  }
  const readText = (path: string): string | null => {
    if (!present(path)) return null
    const decoded = text(files.get(path)?.bytes)
    if (decoded === null)
      problems.push({
        code:
          path === MANIFEST_FILE
            ? 'manifest-invalid'
            : path === CHAIN_FILE
              ? 'chain-malformed'
              : 'file-unreadable',
        file: path,
        detail: 'not UTF-8 text'
      })
    return decoded
  }

  // SHA256SUMS: every file listed, every listed file intact.
  const sumsText = readText(SUMS_FILE)
  if (sumsText !== null) {
    const listed = parseSums(sumsText, problems)
    for (const [path, sha256] of listed) {
      const file = files.get(path)
      if (file === undefined) {
        if (!refused.has(path))
          problems.push({ code: 'file-missing', file: path, detail: 'listed in SHA256SUMS' })
      } else if (file.sha256 !== sha256) {
        problems.push({
          code: 'sums-mismatch',
          file: path,
          detail: 'SHA-256 differs from SHA256SUMS'
        })
      }
    }
    for (const path of files.keys())
      if (path !== SUMS_FILE && path !== SUMS_SIGNATURE_FILE && !listed.has(path))
        problems.push({ code: 'file-unlisted', file: path, detail: 'not in SHA256SUMS' })
  }

  // The key, and the signature over SHA256SUMS.
  const pemText = readText(PUBLIC_KEY_FILE)
  const pemKey = pemText === null ? null : parsePublicKeyPem(pemText)
  if (pemText !== null && pemKey === null)
    problems.push({
      code: 'public-key-unreadable',
      file: PUBLIC_KEY_FILE,
      detail: 'not an Ed25519 SPKI PEM key'
    })
  if (present(SUMS_SIGNATURE_FILE) && pemKey !== null) {
    const signature = files.get(SUMS_SIGNATURE_FILE)?.bytes ?? new Uint8Array()
    const sums = files.get(SUMS_FILE)?.bytes
    if (sums !== undefined && !(signature.length === 64 && crypto.verify(signature, sums, pemKey)))
      problems.push({
        code: 'sums-signature',
        file: SUMS_SIGNATURE_FILE,
        detail: 'does not verify over SHA256SUMS with public-key.pem'
      })
  }

  // The manifest.
  const manifestText = readText(MANIFEST_FILE)
  let manifest: BundleManifest | null = null
  if (manifestText !== null) {
    const parsed = parseBundleManifest(manifestText)
    if ('error' in parsed)
      problems.push({ code: 'manifest-invalid', file: MANIFEST_FILE, detail: parsed.error })
    else manifest = parsed.manifest
  }
  if (manifest !== null && pemKey !== null && toHex(pemKey) !== manifest.publicKey)
    problems.push({
      code: 'public-key-mismatch',
      file: PUBLIC_KEY_FILE,
      detail: 'differs from the manifest’s publicKey'
    })

  // The chain, from genesis to head, under the key the manifest names (the one the genesis
  // hash binds; public-key.pem was compared with it above).
  const chainText = readText(CHAIN_FILE)
  const links = chainText === null ? [] : parseChain(chainText, problems)
  const linkBySeq = new Map<number, ChainLink>()
  for (const link of links) if (!linkBySeq.has(link.seq)) linkBySeq.set(link.seq, link)
  if (manifest !== null) {
    const key = fromHex(manifest.publicKey)
    if (chainText !== null) {
      const walked = verifyLinks(crypto, manifest.vaultId, key, links)
      for (const p of walked.problems)
        problems.push({ code: p.code, file: CHAIN_FILE, seq: p.seq, detail: p.detail })
      const last = links.at(-1)
      const head = manifest.head
      if (last?.seq !== head.seq || last.chain !== head.chain || last.signature !== head.signature)
        problems.push({
          code: 'head-mismatch',
          file: CHAIN_FILE,
          seq: head.seq,
          detail: 'the last line is not the manifest’s head'
        })
    }
    if (!crypto.verify(fromHex(manifest.head.signature), fromHex(manifest.head.chain), key))
      problems.push({
        code: 'head-signature',
        file: MANIFEST_FILE,
        seq: manifest.head.seq,
        detail: 'the head signature does not verify'
      })
  }

  // The disclosed entries, and nothing under entries/ besides them.
  const verifiedEntries: number[] = []
  const attachmentNames: AttachmentName[] = []
  if (manifest !== null) {
    const seen = new Set<number>()
    const expected = new Set<string>()
    for (const m of manifest.entries) {
      if (seen.has(m.seq)) {
        problems.push({
          code: 'manifest-invalid',
          file: MANIFEST_FILE,
          seq: m.seq,
          detail: 'entry listed twice'
        })
        continue
      }
      seen.add(m.seq)
      m.files.forEach((f: ManifestFile) => expected.add(f.path))
      const ctx = { files, refused, links: linkBySeq, crypto, problems, names: attachmentNames }
      if (checkEntry(m, ctx)) verifiedEntries.push(m.seq)
    }
    for (const path of files.keys())
      if (path.startsWith(`${ENTRIES_DIR}/`) && !expected.has(path))
        problems.push({ code: 'unexpected-file', file: path, detail: 'not in the manifest' })
  }
  return {
    problems,
    manifest,
    chainLength: links.length,
    verifiedEntries,
    links,
    attachmentNames
  }
}
