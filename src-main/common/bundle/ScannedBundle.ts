// Pure TypeScript, no node:* import: what reading a bundle yields, shared by the Node reader
// and the in-browser verify.html.
import { isTimestampFile } from '../timestamp/bundleTimestamps'
import {
  CHAIN_FILE,
  ENTRIES_DIR,
  ENTRY_FILE,
  MANIFEST_FILE,
  PUBLIC_KEY_FILE,
  SUMS_FILE,
  SUMS_SIGNATURE_FILE
} from './bundleLayout'

/** Every way a bundle can fail verification; `bundleProblem.<code>` in the locale files. */
export const BUNDLE_PROBLEM_CODES = [
  // the container
  'zip-unreadable',
  'too-many-entries',
  'unsafe-name',
  'duplicate-name',
  'symlink',
  'not-a-regular-file',
  'encrypted-entry',
  'unsupported-compression',
  'overlapping-entries',
  'hidden-data',
  'name-mismatch',
  'file-too-large',
  'compression-ratio',
  'size-mismatch',
  'crc-mismatch',
  'file-unreadable',
  // SHA256SUMS and its signature
  'file-missing',
  'sums-malformed',
  'sums-mismatch',
  'file-unlisted',
  'sums-signature',
  // the key and the manifest
  'public-key-unreadable',
  'public-key-mismatch',
  'manifest-invalid',
  'head-signature',
  'head-mismatch',
  // chain.jsonl
  'chain-malformed',
  'seq-gap',
  'malformed-link',
  'chain-mismatch',
  'bad-signature',
  // the disclosed entries
  'entry-invalid',
  'entry-not-in-chain',
  'entry-mismatch',
  'commitment-mismatch',
  'file-mismatch',
  'attachment-missing',
  'attachment-mismatch',
  'unexpected-file',
  // timestamps/ (common/timestamp/bundleTimestamps)
  'timestamp-statement-mismatch',
  'timestamp-invalid'
] as const
export type BundleProblemCode = (typeof BUNDLE_PROBLEM_CODES)[number]

export interface BundleProblem {
  code: BundleProblemCode
  /** the file concerned, as a path inside the bundle */
  file?: string
  /** the entry concerned */
  seq?: number
  /** technical detail in English, for --json and bug reports; users see the translated code */
  detail: string
}

/** A file read whole from a bundle: hashed always, its bytes kept only if parsed later. */
export interface ScannedFile {
  path: string
  size: number
  /** lowercase hex */
  sha256: string
  bytes?: Uint8Array
}

export interface ScannedBundle {
  kind: 'zip' | 'directory'
  /** every regular file read successfully, by bundle path */
  files: Map<string, ScannedFile>
  /** paths present but refused (a problem names each); not reported again as missing */
  refused: Set<string>
  problems: BundleProblem[]
  /** bytes read, uncompressed */
  bytes: number
  /** the container as a whole was refused (not a zip, too many entries): nothing to check */
  refusedWhole: boolean
}

/** The files verification parses, and so holds in memory (up to maxParsedBytes each). */
export function isParsedFile(path: string): boolean {
  return (
    [MANIFEST_FILE, CHAIN_FILE, PUBLIC_KEY_FILE, SUMS_FILE, SUMS_SIGNATURE_FILE].includes(path) ||
    isTimestampFile(path) ||
    new RegExp(`^${ENTRIES_DIR}/[^/]+/${ENTRY_FILE.replace('.', '\\.')}$`).test(path)
  )
}

/**
 * Why a name from a hostile archive or folder must not be used as a path, or null. Refused:
 * absolute paths, drive letters, backslashes, `.` and `..` segments, empty segments, and
 * control characters (a newline would forge a line of sha256sum's output).
 */
export function unsafeNameReason(name: string): string | null {
  if (name === '') return 'empty name'
  if (name.startsWith('/')) return 'absolute path'
  if (/^[a-zA-Z]:/.test(name)) return 'drive letter'
  if (name.includes('\\')) return 'backslash'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'control character'
  const segments = name.replace(/\/$/, '').split('/')
  if (segments.includes('..')) return 'parent directory (..)'
  if (segments.some((s) => s === '' || s === '.')) return 'empty or "." segment'
  return null
}

/**
 * Files an operating system drops into a folder a person opened (Finder, Explorer): not part
 * of the bundle and not evidence, so an unzipped bundle that was looked at still verifies.
 * @param name one path segment
 */
export function isSystemClutter(name: string): boolean {
  return (
    ['.DS_Store', 'Thumbs.db', 'desktop.ini', '__MACOSX'].includes(name) || name.startsWith('._')
  )
}
