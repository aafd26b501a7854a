// Pure TypeScript, no node:* import: the rules both zip readers apply to a hostile bundle's
// entries, scanZip (the CLI's, over yauzl) and the offline verify.html's openZip, kept in one
// place so the two never disagree about a bundle.
import type { BundleLimits } from './bundleLayout'
import type { BundleProblem } from './ScannedBundle'

export const ZIP_METHOD_STORE = 0
export const ZIP_METHOD_DEFLATE = 8
const FLAG_ENCRYPTED = 0x1
/** "version made by" hosts whose external attributes carry a Unix mode */
const UNIX_HOSTS = new Set([3, 19])
const S_IFMT = 0o170000
const S_IFREG = 0o100000
const S_IFLNK = 0o120000

/** An entry as the central directory describes it; sizes in bytes. */
export interface ZipEntryHeader {
  name: string
  /** "version made by": the host in the high byte */
  madeBy: number
  /** general purpose bit flags */
  flags: number
  /** compression method */
  method: number
  /** uncompressed, as declared */
  size: number
  compressedSize: number
  /** external file attributes: a Unix mode in the high 16 bits */
  external: number
}

/**
 * Why an entry, judged from the central directory alone, may not be read, or null: not a
 * plain file, encrypted, compressed in a way we do not inflate, or declared too large or too
 * compressed.
 */
export function zipEntryProblem(entry: ZipEntryHeader, limits: BundleLimits): BundleProblem | null {
  const file = entry.name
  const host = entry.madeBy >>> 8
  const mode = (entry.external >>> 16) & S_IFMT
  if (UNIX_HOSTS.has(host) && mode === S_IFLNK)
    return { code: 'symlink', file, detail: 'symbolic link' }
  if (UNIX_HOSTS.has(host) && mode !== 0 && mode !== S_IFREG)
    return { code: 'not-a-regular-file', file, detail: `mode ${mode.toString(8)}` }
  if ((entry.flags & FLAG_ENCRYPTED) !== 0)
    return { code: 'encrypted-entry', file, detail: 'encrypted' }
  if (entry.method !== ZIP_METHOD_STORE && entry.method !== ZIP_METHOD_DEFLATE)
    return { code: 'unsupported-compression', file, detail: `method ${entry.method}` }
  if (entry.size > limits.maxFileBytes)
    return { code: 'file-too-large', file, detail: `declares ${entry.size} bytes` }
  if (entry.size > limits.ratioFloorBytes && entry.size > limits.maxRatio * entry.compressedSize)
    return {
      code: 'compression-ratio',
      file,
      detail: `declares ${entry.size} bytes from ${entry.compressedSize}`
    }
  if (entry.method === ZIP_METHOD_STORE && entry.compressedSize !== entry.size)
    return { code: 'size-mismatch', file, detail: 'stored entry with two sizes' }
  return null
}

/**
 * The entries whose bytes overlap another's: they let a small zip inflate to a vast size
 * many times over.
 * @param entries each spanning [start, end): its local header to the end of its data
 */
export function overlappingEntries<T extends { start: number; end: number }>(
  entries: readonly T[]
): Set<T> {
  const overlapping = new Set<T>()
  let furthest: T | undefined
  for (const entry of [...entries].sort((a, b) => a.start - b.start)) {
    if (furthest !== undefined && entry.start < furthest.end) {
      overlapping.add(entry)
      overlapping.add(furthest)
    }
    if (furthest === undefined || entry.end > furthest.end) furthest = entry
  }
  return overlapping
}
