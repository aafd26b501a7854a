import { stat } from 'node:fs/promises'
import { DalelError } from '../../common/errors/DalelError'
import { nodeEvidenceCrypto } from '../crypto/nodeEvidenceCrypto'
import { fsError } from '../fs/fsError'
import { BUNDLE_LIMITS } from '../../common/bundle/bundleLayout'
import type { BundleLimits, BundleManifest } from '../../common/bundle/bundleLayout'
import { checkBundle } from '../../common/bundle/checkBundle'
import { entryJsonPath } from '../../common/bundle/bundleLayout'
import { checkBundleTimestamps } from '../../common/timestamp/bundleTimestamps'
import type { EntryTimestamp } from '../../common/timestamp/bundleTimestamps'
import { scanDirectory } from './scanDirectory'
import { scanZip } from './scanZip'
import type { BundleProblem } from '../../common/bundle/ScannedBundle'
import type { AttachmentName } from '../../common/bundle/BundleCheck'

export interface BundleReport {
  /** true only when every file, signature, chain link and disclosed entry was checked and held */
  ok: boolean
  kind: 'zip' | 'directory'
  /** what the manifest says (null when it is missing or invalid); trust it only if ok */
  manifest: BundleManifest | null
  /** disclosed entries whose every check held */
  entries: number[]
  /** lines in chain.jsonl */
  chainLength: number
  /** files read */
  files: number
  /** bytes read, uncompressed */
  bytes: number
  problems: BundleProblem[]
  /** per disclosed entry: what its trusted timestamp proves, or null: not timestamped */
  timestamps: { seq: number; timestamp: EntryTimestamp | null }[]
  /** each disclosed attachment's recorded name, by its path in the bundle (checkBundle) */
  attachmentNames: AttachmentName[]
}

/**
 * Checks an evidence bundle, a zip or the folder it was unzipped to, without the vault and
 * without a passphrase (FORMATS "Evidence bundle" → "Verification"). The input is treated as
 * hostile: nothing is extracted, and every problem is reported with its file and seq.
 * Throws only when the path cannot be read at all (missing, no permission).
 * @param limits tests lower them to refuse a bomb quickly; users get FORMATS' limits
 */
export async function verifyBundle(
  path: string,
  limits: Partial<BundleLimits> = {},
  options: { trustedTsaRoots?: readonly Uint8Array[] } = {}
): Promise<BundleReport> {
  const effective: BundleLimits = { ...BUNDLE_LIMITS, ...limits }
  let isDirectory: boolean
  try {
    const info = await stat(path)
    isDirectory = info.isDirectory()
    // A FIFO or a device would block the read, or never end.
    if (!isDirectory && !info.isFile())
      throw new DalelError('file-unreadable', { path, reason: 'not a regular file' })
  } catch (error) {
    throw fsError(error, path)
  }
  const scanned = isDirectory
    ? await scanDirectory(path, effective)
    : await scanZip(path, effective)
  // A container refused whole has a problem saying so; listing each file as missing too
  // would only bury it.
  const check = scanned.refusedWhole
    ? {
        problems: [],
        manifest: null,
        chainLength: 0,
        verifiedEntries: [],
        links: [],
        attachmentNames: []
      }
    : checkBundle(scanned.files, scanned.refused, nodeEvidenceCrypto())
  const timestamps =
    check.manifest === null
      ? { problems: [], entries: [] }
      : await checkBundleTimestamps(scanned.files, {
          vaultId: check.manifest.vaultId,
          links: check.links,
          disclosed: check.manifest.entries.map((m) => ({
            seq: m.seq,
            ...optionalBytes(scanned.files.get(entryJsonPath(m.seq))?.bytes)
          })),
          trustedRoots: options.trustedTsaRoots ?? []
        })
  const problems = [...scanned.problems, ...check.problems, ...timestamps.problems]
  return {
    ok: problems.length === 0,
    kind: scanned.kind,
    manifest: check.manifest,
    entries: check.verifiedEntries,
    chainLength: check.chainLength,
    files: scanned.files.size,
    bytes: scanned.bytes,
    problems,
    timestamps: timestamps.entries,
    attachmentNames: check.attachmentNames
  }
}

function optionalBytes(bytes: Uint8Array | undefined): { entryJson?: Uint8Array } {
  return bytes === undefined ? {} : { entryJson: bytes }
}
