// Pure TypeScript, no node:* import: the checks of FORMATS "Evidence bundle" → "Verification"
// over files already read, so the offline verify.html can run the very same code. Each file
// of the bundle is parsed in its own module (parseSums, parseChain, parseBundleManifest,
// parsePublicKeyPem); each disclosed entry is checked by checkBundleEntry.
import type { ChainLink } from '../chain/ChainLink'
import { verifyLinks } from '../chain/verifyLinks'
import type { EvidenceCrypto } from '../crypto/EvidenceCrypto'
import { fromHex, toHex } from '../encoding/hex'
import {
  CHAIN_FILE,
  ENTRIES_DIR,
  MANIFEST_FILE,
  PUBLIC_KEY_FILE,
  SUMS_FILE,
  SUMS_SIGNATURE_FILE
} from './bundleLayout'
import type { BundleManifest, ManifestFile } from './bundleLayout'
import type { AttachmentName, BundleCheck, BundleFileDigest } from './BundleCheck'
import type { BundleProblem } from './ScannedBundle'
import { checkBundleEntry } from './checkBundleEntry'
import { utf8Text } from './jsonShapes'
import { parseBundleManifest } from './parseBundleManifest'
import { parseChain } from './parseChain'
import { parsePublicKeyPem } from './parsePublicKeyPem'
import { parseSums } from './parseSums'

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
    const decoded = utf8Text(files.get(path)?.bytes)
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
      if (checkBundleEntry(m, ctx)) verifiedEntries.push(m.seq)
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
