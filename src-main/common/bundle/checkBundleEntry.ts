import type { ChainLink } from '../chain/ChainLink'
import { commitmentOf } from '../chain/chain'
import type { EvidenceCrypto } from '../crypto/EvidenceCrypto'
import { utf8 } from '../encoding/bytes'
import { canonicalJson } from '../encoding/canonicalJson'
import { fromHex, isHexOf, toHex } from '../encoding/hex'
import { MANIFEST_FILE, entryDir, entryJsonPath, isSafeFileName } from './bundleLayout'
import type { ManifestEntry } from './bundleLayout'
import type { AttachmentName, BundleFileDigest } from './BundleCheck'
import type { BundleProblem } from './ScannedBundle'
import { isObject, utf8Text } from './jsonShapes'

export interface EntryCheckContext {
  files: ReadonlyMap<string, BundleFileDigest>
  refused: ReadonlySet<string>
  links: ReadonlyMap<number, ChainLink>
  crypto: EvidenceCrypto
  problems: BundleProblem[]
  names: AttachmentName[]
}

/** One disclosed entry: its files, its commitment against the chain, its attachments. */
export function checkBundleEntry(m: ManifestEntry, ctx: EntryCheckContext): boolean {
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

  const json = utf8Text(ctx.files.get(jsonPath)?.bytes)
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
