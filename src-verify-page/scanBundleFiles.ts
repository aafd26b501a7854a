import type { BundleLimits } from '../src-main/common/bundle/bundleLayout'
import type { BundleFileDigest } from '../src-main/common/bundle/BundleCheck'
import type { BundleProblem } from '../src-main/common/bundle/ScannedBundle'
import {
  isParsedFile,
  isSystemClutter,
  unsafeNameReason
} from '../src-main/common/bundle/ScannedBundle'
import type { BundleFile } from './BundleFile'
import { FileRefusal, blobBundleFile } from './BundleFile'
import { Sha256 } from './Sha256'
import { toHex } from '../src-main/common/encoding/hex'

/** The page's counterpart of ScannedBundle: what checkBundle takes. */
export interface PageScan {
  files: Map<string, BundleFileDigest>
  refused: Set<string>
  problems: BundleProblem[]
  /** bytes read, uncompressed */
  bytes: number
}

/**
 * The files of a folder picked with <input webkitdirectory>. Their relative paths start with
 * the picked folder's own name, which is not part of the bundle.
 */
export function folderFiles(
  picked: readonly { file: Blob; relativePath: string }[],
  limits: BundleLimits
): { files: BundleFile[]; problems: BundleProblem[] } {
  const files: BundleFile[] = []
  const problems: BundleProblem[] = []
  for (const { file, relativePath } of picked) {
    const segments = relativePath.split('/').slice(1)
    if (segments.some(isSystemClutter)) continue
    const path = segments.join('/')
    if (files.length >= limits.maxEntries) {
      problems.push({
        code: 'too-many-entries',
        file: '.',
        detail: `more than ${limits.maxEntries} files`
      })
      return { files: [], problems }
    }
    const unsafe = unsafeNameReason(path)
    if (unsafe !== null) problems.push({ code: 'unsafe-name', file: path, detail: unsafe })
    else files.push(blobBundleFile(path, file))
  }
  return { files, problems }
}

/**
 * Reads and hashes every file once, as a stream; keeps in memory only the files checkBundle
 * parses (manifest, chain, keys, sums, entry.json), each up to maxParsedBytes.
 */
export async function scanBundleFiles(
  input: readonly BundleFile[],
  limits: BundleLimits,
  onProgress: (done: number, total: number) => void = () => undefined
): Promise<PageScan> {
  const scan: PageScan = { files: new Map(), refused: new Set(), problems: [], bytes: 0 }
  const total = input.reduce((sum, f) => sum + f.size, 0)
  let done = 0
  onProgress(0, total)
  for (const file of input) {
    const hash = new Sha256()
    const keep: Uint8Array[] | null = isParsedFile(file.path) ? [] : null
    let size = 0
    let problem: BundleProblem | null = null
    try {
      for await (const chunk of file.chunks()) {
        size += chunk.length
        if (size > limits.maxFileBytes) {
          problem = {
            code: 'file-too-large',
            file: file.path,
            detail: `more than ${limits.maxFileBytes} bytes`
          }
          break
        }
        if (keep !== null && size > limits.maxParsedBytes) {
          problem = {
            code: 'file-too-large',
            file: file.path,
            detail: `more than ${limits.maxParsedBytes} bytes to parse`
          }
          break
        }
        hash.update(chunk)
        // A chunk may be a view of a buffer the reader reuses; a kept one is copied.
        keep?.push(chunk.slice())
        onProgress(done + size, total)
      }
    } catch (error) {
      problem =
        error instanceof FileRefusal
          ? error.problem
          : { code: 'file-unreadable', file: file.path, detail: String(error) }
    }
    scan.bytes += size
    done += file.size
    onProgress(done, total)
    if (problem !== null) {
      scan.problems.push(problem)
      scan.refused.add(file.path)
      continue
    }
    const digest: BundleFileDigest = { sha256: toHex(hash.digest()), size }
    if (keep !== null) {
      const bytes = new Uint8Array(size)
      let at = 0
      for (const chunk of keep) {
        bytes.set(chunk, at)
        at += chunk.length
      }
      digest.bytes = bytes
    }
    scan.files.set(file.path, digest)
  }
  return scan
}
