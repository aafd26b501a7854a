import type { BundleManifest } from '../src-main/common/bundle/bundleLayout'
import {
  CHAIN_FILE,
  ENTRIES_DIR,
  MANIFEST_FILE,
  PUBLIC_KEY_FILE,
  SUMS_FILE,
  SUMS_SIGNATURE_FILE,
  entryJsonPath
} from '../src-main/common/bundle/bundleLayout'
import type { BundleProblem, BundleProblemCode } from '../src-main/common/bundle/ScannedBundle'
import type {
  BundleTimestampsCheck,
  EntryTimestamp
} from '../src-main/common/timestamp/bundleTimestamps'
import type { Entry } from '../src-main/common/entry/Entry'
import type { PageCheck } from './checkBundleInPage'
import type { PageScan } from './scanBundleFiles'
import { sha256 } from './Sha256'
import { keyFingerprint } from '../src-main/common/crypto/keyFingerprint'

export type Status = 'pass' | 'fail' | 'unchecked'

export const SECTIONS = ['container', 'sums', 'signature', 'head', 'chain', 'entries'] as const
export type Section = (typeof SECTIONS)[number]

/**
 * Where each problem is shown. A Record, so that a code added to BUNDLE_PROBLEM_CODES does
 * not compile until it has a place on the page.
 */
const SECTION_OF: Record<BundleProblemCode, Section> = {
  'zip-unreadable': 'container',
  'too-many-entries': 'container',
  'unsafe-name': 'container',
  'duplicate-name': 'container',
  symlink: 'container',
  'not-a-regular-file': 'container',
  'encrypted-entry': 'container',
  'unsupported-compression': 'container',
  'overlapping-entries': 'container',
  'hidden-data': 'container',
  'name-mismatch': 'container',
  'file-too-large': 'container',
  'compression-ratio': 'container',
  'size-mismatch': 'container',
  'crc-mismatch': 'container',
  'file-unreadable': 'container',
  'file-missing': 'sums',
  'sums-malformed': 'sums',
  'sums-mismatch': 'sums',
  'file-unlisted': 'sums',
  'sums-signature': 'signature',
  'public-key-unreadable': 'signature',
  'public-key-mismatch': 'signature',
  'manifest-invalid': 'head',
  'head-signature': 'head',
  'head-mismatch': 'head',
  'chain-malformed': 'chain',
  'seq-gap': 'chain',
  'malformed-link': 'chain',
  'chain-mismatch': 'chain',
  'bad-signature': 'chain',
  'entry-invalid': 'entries',
  'entry-not-in-chain': 'entries',
  'entry-mismatch': 'entries',
  'commitment-mismatch': 'entries',
  'file-mismatch': 'entries',
  'attachment-missing': 'entries',
  'attachment-mismatch': 'entries',
  'unexpected-file': 'entries',
  'timestamp-statement-mismatch': 'entries',
  'timestamp-invalid': 'entries'
}

/** A file the check needs, missing or refused, is shown with the check that needed it. */
const SECTION_OF_FILE: Readonly<Record<string, Section>> = {
  [SUMS_FILE]: 'sums',
  [SUMS_SIGNATURE_FILE]: 'signature',
  [PUBLIC_KEY_FILE]: 'signature',
  [MANIFEST_FILE]: 'head',
  [CHAIN_FILE]: 'chain'
}

function sectionOf(problem: BundleProblem): Section {
  const byFile = problem.file === undefined ? undefined : SECTION_OF_FILE[problem.file]
  const aboutPresence = ['file-missing', 'file-unreadable', 'file-too-large'].includes(problem.code)
  return aboutPresence && byFile !== undefined ? byFile : SECTION_OF[problem.code]
}

/** Sections whose every check is a signature check, so a browser without Ed25519 cannot pass them. */
const SIGNATURE_SECTIONS: ReadonlySet<Section> = new Set(['signature', 'head', 'chain'])

export interface PageEntry {
  seq: number
  id: string
  kind: string
  /** from entry.json, for display; shown beside the status, never instead of it */
  title: string
  /** entry.json's entry as it reads, for display (titles, corrections); null if unreadable */
  entry: Entry | null
  status: Status
  problems: BundleProblem[]
  /** the earliest verified trusted timestamp covering it, or null: not timestamped */
  timestamp: EntryTimestamp | null
}

export interface PageFile {
  path: string
  /** bytes; null when the file is not there */
  size: number | null
  /** lowercase hex; null when the file could not be read */
  sha256: string | null
  status: Status
  problems: BundleProblem[]
  /** an attachment's recorded name, where its file in the bundle is named otherwise (`3/0.jpg`) */
  name?: string
}

/** What the page shows: derived from the scan and the check, translated only when drawn. */
export interface PageReport {
  verdict: 'pass' | 'fail' | 'incomplete'
  problems: BundleProblem[]
  sections: { section: Section; status: Status; problems: BundleProblem[] }[]
  /** what the manifest says, when it could be read; trust it only if the verdict is pass */
  manifest: BundleManifest | null
  /** SHA-256 of the raw public key, hex in groups of four */
  fingerprint: string | null
  chainLength: number
  entries: PageEntry[]
  files: PageFile[]
  signaturesChecked: boolean
}

/** entry.json's entry, for display only: it is checked by the checks, never trusted here. */
function entryOf(scan: PageScan, seq: number): Entry | null {
  const bytes = scan.files.get(entryJsonPath(seq))?.bytes
  if (bytes === undefined) return null
  try {
    const parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown
    // Untrusted bytes: each part the page reads is checked for its type first.
    const entry = (parsed as { entry?: Record<string, unknown> }).entry
    return typeof entry?.title === 'string' &&
      typeof entry.kind === 'string' &&
      typeof entry.payload === 'object' &&
      entry.payload !== null &&
      Array.isArray(entry.attachments)
      ? (entry as unknown as Entry)
      : null
  } catch {
    return null
  }
}

function statusOf(problems: readonly unknown[], checked: boolean): Status {
  if (problems.length > 0) return 'fail'
  return checked ? 'pass' : 'unchecked'
}

export function pageReport(
  scan: PageScan,
  check: PageCheck,
  timestamps: BundleTimestampsCheck = { problems: [], entries: [] }
): PageReport {
  // A zip that cannot be read at all has no files; listing each as missing would bury the
  // one thing to say.
  const unreadable = scan.problems.some(
    (p) => p.code === 'zip-unreadable' || p.code === 'too-many-entries'
  )
  const problems = unreadable
    ? [...scan.problems]
    : [...scan.problems, ...check.problems, ...timestamps.problems]
  // A check whose input is missing did not run: it is "not checked", never "passed".
  const has = (path: string) => scan.files.has(path)
  const ran: Record<Section, boolean> = {
    container: true,
    sums: !unreadable && has(SUMS_FILE),
    signature: !unreadable && has(SUMS_FILE) && has(SUMS_SIGNATURE_FILE) && has(PUBLIC_KEY_FILE),
    head: !unreadable && check.manifest !== null,
    chain: !unreadable && check.manifest !== null && check.chainLength > 0,
    entries: !unreadable && check.manifest !== null
  }
  const sections = SECTIONS.map((section) => {
    const inSection = problems.filter((p) => sectionOf(p) === section)
    const checked = ran[section] && (check.signaturesChecked || !SIGNATURE_SECTIONS.has(section))
    return { section, status: statusOf(inSection, checked), problems: inSection }
  })

  const entries: PageEntry[] = (unreadable ? [] : (check.manifest?.entries ?? [])).map((m) => {
    const folder = `${ENTRIES_DIR}/${m.seq}/`
    const own = problems.filter(
      (p) =>
        p.seq === m.seq ||
        (p.file !== undefined && p.file.startsWith(folder)) ||
        (p.file !== undefined && m.files.some((f) => f.path === p.file))
    )
    const entry = entryOf(scan, m.seq)
    return {
      seq: m.seq,
      id: m.id,
      kind: m.kind,
      title: entry?.title ?? '',
      entry,
      status: statusOf(own, check.signaturesChecked),
      problems: own,
      timestamp: timestamps.entries.find((t) => t.seq === m.seq)?.timestamp ?? null
    }
  })

  const paths = new Set<string>([...scan.files.keys(), ...scan.refused])
  for (const p of problems)
    if (p.file !== undefined && p.code !== 'zip-unreadable' && p.code !== 'too-many-entries')
      paths.add(p.file)
  const recorded = new Map(
    (unreadable ? [] : check.attachmentNames)
      .filter(({ path, name }) => path.slice(path.lastIndexOf('/') + 1) !== name)
      .map(({ path, name }) => [path, name] as const)
  )
  const files: PageFile[] = [...paths]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((path) => {
      const digest = scan.files.get(path)
      const own = problems.filter((p) => p.file === path)
      const name = recorded.get(path)
      return {
        path,
        size: digest?.size ?? null,
        sha256: digest?.sha256 ?? null,
        status: statusOf(own, true),
        problems: own,
        ...(name !== undefined ? { name } : {})
      }
    })

  const manifest = unreadable ? null : check.manifest
  return {
    verdict: problems.length > 0 ? 'fail' : check.signaturesChecked ? 'pass' : 'incomplete',
    problems,
    sections,
    manifest,
    // The one fingerprint every face shows (common/crypto/keyFingerprint); '' for a bad key.
    fingerprint: manifest === null ? null : keyFingerprint(manifest.publicKey, sha256) || null,
    chainLength: check.chainLength,
    entries,
    files,
    signaturesChecked: check.signaturesChecked
  }
}
