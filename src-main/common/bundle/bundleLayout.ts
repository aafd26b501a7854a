// Pure TypeScript, no node:* import: the evidence bundle's layout (docs/FORMATS.md "Evidence
// bundle"), shared by the writer, the verifier and the offline verify.html. It can move to
// common/ unchanged when the browser verifier needs it.
import { utf8 } from '../encoding/bytes'

export const BUNDLE_FORMAT = 'dalel-bundle'
export const BUNDLE_VERSION = 1

export const README_FILE = 'README.txt'
export const MANIFEST_FILE = 'manifest.json'
export const CHAIN_FILE = 'chain.jsonl'
export const PUBLIC_KEY_FILE = 'public-key.pem'
export const SUMS_FILE = 'SHA256SUMS'
export const SUMS_SIGNATURE_FILE = 'SHA256SUMS.sig'
export const ENTRIES_DIR = 'entries'
export const ENTRY_FILE = 'entry.json'

/** Files the writer itself puts at the top level; extra files may not take these names. */
export const RESERVED_FILES: readonly string[] = [
  README_FILE,
  MANIFEST_FILE,
  CHAIN_FILE,
  PUBLIC_KEY_FILE,
  SUMS_FILE,
  SUMS_SIGNATURE_FILE
]

export interface ManifestFile {
  /** relative to the bundle's root, forward slashes */
  path: string
  /** lowercase hex */
  sha256: string
  /** bytes */
  size: number
  /** the index in the entry's attachment list; absent for entry.json */
  attachment?: number
}

export interface ManifestEntry {
  seq: number
  id: string
  kind: string
  files: ManifestFile[]
}

/** manifest.json, written as JCS. */
export interface BundleManifest {
  format: typeof BUNDLE_FORMAT
  version: typeof BUNDLE_VERSION
  bundleId: string
  /** ISO 8601 UTC */
  created: string
  exporter: string
  /** "" when not given */
  recipient: string
  /** "" when not given */
  purpose: string
  locale: string
  vaultId: string
  /** 32 bytes, hex */
  publicKey: string
  head: { seq: number; chain: string; signature: string }
  entries: ManifestEntry[]
  /**
   * Amendments of disclosed entries that this bundle leaves out (`amendedBy` corrects `seq`),
   * so every verifier can say the values shown are as first recorded. Absent when none.
   */
  amendmentsLeftOut?: { seq: number; amendedBy: number }[]
}

export function entryDir(seq: number): string {
  return `${ENTRIES_DIR}/${seq}`
}

export function entryJsonPath(seq: number): string {
  return `${entryDir(seq)}/${ENTRY_FILE}`
}

// Characters Windows forbids in a file name, plus both path separators.
const FORBIDDEN = /[<>:"/\\|?*]/g
// C0 and C1 controls, DEL, and the line and paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i
/** Longest file name, in UTF-8 bytes, a bundle uses: room under the usual 255 for an index prefix. */
const MAX_NAME_BYTES = 200

/**
 * An attachment's recorded name made safe to unzip on any system (FORMATS "Evidence bundle"):
 * path separators, `..`, control characters and characters Windows forbids become `_`. Beyond
 * FORMATS' list, for the same reason: Windows device names get a `_` in front, trailing dots
 * and spaces (which Windows strips) become `_`, and a name longer than 200 UTF-8 bytes is
 * shortened, keeping its extension.
 */
export function safeFileName(name: string): string {
  let safe = name.replace(CONTROL, '_').replace(FORBIDDEN, '_').replace(/\.\.+/g, '_')
  safe = safe.replace(/[. ]+$/, (tail) => '_'.repeat(tail.length))
  if (safe === '' || safe === '.') safe = '_'
  if (WINDOWS_DEVICE.test(safe)) safe = `_${safe}`
  if (utf8(safe).length > MAX_NAME_BYTES) {
    const dot = safe.lastIndexOf('.')
    const extension = dot > 0 && safe.length - dot <= 16 ? safe.slice(dot) : ''
    // Cut whole characters as a reader sees them, never half a letter or an emoji.
    const stem = Array.from(
      new Intl.Segmenter().segment(safe.slice(0, safe.length - extension.length)),
      (s) => s.segment
    )
    while (stem.length > 0 && utf8(stem.join('') + extension).length > MAX_NAME_BYTES) stem.pop()
    safe = stem.join('') + extension
  }
  return safe
}

/** Extensions of the media types Dalel records, for an attachment whose name has none. */
const EXTENSION_OF_TYPE: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'text/html': 'html',
  'application/json': 'json',
  'multipart/related': 'mhtml',
  'video/mp4': 'mp4',
  'audio/mpeg': 'mp3'
}

/**
 * An attachment's file name inside entries/<seq>/: its index in the entry's attachment list
 * and an extension, ASCII only ("0.jpg", "1.mhtml"). A name in Cyrillic (or any non-ASCII
 * letter) read back from a zip written without the UTF-8 flag — Info-ZIP `zip`, older
 * Windows — comes back garbled, and the bundle no longer verifies; digits and Latin letters
 * read the same in every code page. The recorded name stays in entry.json's attachment list,
 * which every verifier and the report show beside the path. The extension is the recorded
 * name's when that is 1–10 ASCII letters or digits (lower-cased), else the media type's,
 * else there is none. Distinct indexes never meet, in any letter case, nor entry.json.
 */
export function attachmentFileName(
  index: number,
  attachment: { name: string; mediaType: string }
): string {
  const dot = attachment.name.lastIndexOf('.')
  const own = dot > 0 ? attachment.name.slice(dot + 1) : ''
  const type = attachment.mediaType.toLowerCase().split(';')[0]?.trim() ?? ''
  const extension = /^[A-Za-z0-9]{1,10}$/.test(own)
    ? own.toLowerCase()
    : (EXTENSION_OF_TYPE[type] ?? '')
  return extension === '' ? String(index) : `${index}.${extension}`
}

/**
 * True for a file name component a bundle may hold: what safeFileName leaves unchanged. Bundles
 * written before attachmentFileName named attachments after their recorded name made safe
 * (Cyrillic included): verifiers still accept those.
 */
export function isSafeFileName(name: string): boolean {
  return name !== ENTRY_FILE && safeFileName(name) === name
}

/**
 * Media types worth deflating. Everything else (images, video, audio, archives, PDFs, and
 * unknown binary) is stored as it is: already compressed, deflate would only cost time.
 */
export function isCompressible(mediaType: string): boolean {
  const type = mediaType.toLowerCase().split(';')[0]?.trim() ?? ''
  return (
    type.startsWith('text/') ||
    type.endsWith('+json') ||
    type.endsWith('+xml') ||
    [
      'application/json',
      'application/xml',
      'application/x-ndjson',
      'application/javascript',
      'multipart/related',
      'message/rfc822',
      'image/bmp',
      'image/tiff',
      'audio/wav'
    ].includes(type)
  )
}

/** Orders paths by their UTF-8 bytes, as `LC_ALL=C sort` does, whatever the locale. */
export function compareUtf8(a: string, b: string): number {
  const x = utf8(a)
  const y = utf8(b)
  const n = Math.min(x.length, y.length)
  for (let i = 0; i < n; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0)
    if (d !== 0) return d
  }
  return x.length - y.length
}

/**
 * SHA256SUMS in `sha256sum -c` format: "<hex>  <path>\n" per file, sorted by path. Paths are
 * bundle paths, which never hold a backslash or a newline, so no line needs sha256sum's
 * escaping.
 */
export function sha256sumsText(files: readonly { path: string; sha256: string }[]): string {
  return [...files]
    .sort((a, b) => compareUtf8(a.path, b.path))
    .map((f) => `${f.sha256}  ${f.path}\n`)
    .join('')
}

/** The commands a recipient runs in the unzipped folder; README.txt quotes them. */
export const SHA256SUM_COMMAND = `sha256sum -c ${SUMS_FILE}`
export const OPENSSL_COMMAND = `openssl pkeyutl -verify -pubin -inkey ${PUBLIC_KEY_FILE} -rawin -in ${SUMS_FILE} -sigfile ${SUMS_SIGNATURE_FILE}`
/** Prints the public key's fingerprint, for the report and verify.html to quote. */
export const FINGERPRINT_COMMAND = `openssl pkey -pubin -in ${PUBLIC_KEY_FILE} -outform DER | tail -c 32 | sha256sum`

/**
 * What a bundle reader accepts (FORMATS "Evidence bundle"): more entries, a larger file or a
 * higher compression ratio is refused as hostile. The writer refuses to make a bundle its own
 * reader would refuse.
 */
export interface BundleLimits {
  maxEntries: number
  /** bytes, declared or actual, of any one file */
  maxFileBytes: number
  /** uncompressed : compressed, for files over ratioFloorBytes */
  maxRatio: number
  /** below this many bytes a file's ratio does not matter: nothing that small is a bomb */
  ratioFloorBytes: number
  /** bytes of a file the verifier parses in memory (manifest, chain, entry.json, sums) */
  maxParsedBytes: number
}

export const BUNDLE_LIMITS: BundleLimits = {
  maxEntries: 100_000,
  maxFileBytes: 4 * 1024 * 1024 * 1024,
  maxRatio: 1000,
  ratioFloorBytes: 64 * 1024,
  maxParsedBytes: 512 * 1024 * 1024
}
