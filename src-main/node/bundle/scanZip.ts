import { isUtf8 } from 'node:buffer'
import { open } from 'node:fs/promises'
import { basename } from 'node:path'
import type { Readable } from 'node:stream'
import { createInflateRaw, crc32 } from 'node:zlib'
import { getFileNameLowLevel, openPromise } from 'yauzl'
import type { Entry, ZipFile } from 'yauzl'
import { fsError } from '../fs/fsError'
import type { BundleLimits } from '../../common/bundle/bundleLayout'
import { FileSink } from './FileSink'
import { unsafeNameReason } from '../../common/bundle/ScannedBundle'
import type { BundleProblem, ScannedBundle } from '../../common/bundle/ScannedBundle'
import {
  ZIP_METHOD_DEFLATE,
  ZIP_METHOD_STORE,
  overlappingEntries,
  zipEntryProblem
} from '../../common/bundle/zipEntryProblem'
import { zipLayoutProblem } from '../../common/bundle/zipLayoutProblem'
import {
  parseExtraFields,
  unicodePathDiffers,
  zipEntryName
} from '../../common/bundle/zipEntryName'
import type { ZipDirectoryEntry } from '../../common/bundle/zipLayoutProblem'

const FLAG_UTF8 = 0x800

interface Candidate {
  entry: Entry
  name: string
  /** where its local header starts and its data ends, to find entries sharing bytes */
  start: number
  end: number
  dataStart: number
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function openRaw(zip: ZipFile, candidate: Candidate): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStreamLowLevel(
      candidate.dataStart,
      candidate.entry.compressedSize,
      0,
      candidate.entry.compressedSize,
      false,
      null,
      (error, stream) => {
        if (error) reject(error)
        else resolve(stream)
      }
    )
  })
}

/**
 * Reads one entry's data through our own inflater, counting what goes in and what comes
 * out, and stops as soon as the output passes the size limit or the ratio limit: the sizes
 * in the headers are only claims.
 */
async function readEntry(
  zip: ZipFile,
  candidate: Candidate,
  limits: BundleLimits,
  scanned: ScannedBundle
): Promise<void> {
  const { entry, name } = candidate
  const sink = new FileSink(name, limits)
  let crc = 0
  let consumed = 0
  let problem: BundleProblem | null = null
  let raw: Readable | undefined
  try {
    raw = await openRaw(zip, candidate)
    let data: Readable = raw
    if (entry.compressionMethod === ZIP_METHOD_DEFLATE) {
      const inflate = createInflateRaw()
      const source = raw
      source.on('data', (chunk: Buffer) => {
        consumed += chunk.length
      })
      source.on('error', (error) => inflate.destroy(error))
      data = source.pipe(inflate)
    }
    for await (const chunk of data) {
      const block = chunk as Buffer
      if (entry.compressionMethod === ZIP_METHOD_STORE) consumed += block.length
      problem = sink.update(block)
      if (
        problem === null &&
        sink.size > limits.ratioFloorBytes &&
        sink.size > limits.maxRatio * Math.max(consumed, 1)
      ) {
        problem = {
          code: 'compression-ratio',
          file: name,
          detail: `more than ${limits.maxRatio} : 1 while inflating`
        }
      }
      if (problem !== null) break
      crc = crc32(block, crc)
    }
  } catch (error) {
    problem = { code: 'file-unreadable', file: name, detail: message(error) }
  } finally {
    raw?.destroy()
  }
  if (problem === null && sink.size !== entry.uncompressedSize)
    problem = {
      code: 'size-mismatch',
      file: name,
      detail: `${sink.size} bytes, ${entry.uncompressedSize} declared`
    }
  if (problem === null && crc >>> 0 !== entry.crc32 >>> 0)
    problem = { code: 'crc-mismatch', file: name, detail: 'CRC-32 differs from the header' }
  scanned.bytes += sink.size
  if (problem !== null) {
    scanned.problems.push(problem)
    scanned.refused.add(name)
    return
  }
  scanned.files.set(name, sink.finish())
}

/** zipLayoutProblem over the zip file itself. */
async function checkLayout(
  path: string,
  directoryOffset: number,
  listed: readonly ZipDirectoryEntry[],
  zipName: string
): Promise<BundleProblem | null> {
  const handle = await open(path, 'r')
  try {
    return await zipLayoutProblem(
      async (offset, length) => {
        const buffer = Buffer.alloc(length)
        const { bytesRead } = await handle.read(buffer, 0, length, offset)
        return buffer.subarray(0, bytesRead)
      },
      directoryOffset,
      listed,
      zipName
    )
  } finally {
    await handle.close()
  }
}

/**
 * Reads a zip that may be hostile, without extracting anything to disk: every entry name is
 * checked before use, symlinks, duplicates, entries sharing bytes (the overlapping-file bomb)
 * and oversized or over-compressed entries are refused, and every file is inflated by us
 * under the limits. Problems are collected, not thrown; only a file that cannot be opened at
 * all (missing, no permission) throws, as a DalelError.
 */
export async function scanZip(path: string, limits: BundleLimits): Promise<ScannedBundle> {
  const scanned: ScannedBundle = {
    kind: 'zip',
    files: new Map(),
    refused: new Set(),
    problems: [],
    bytes: 0,
    refusedWhole: false
  }
  const here = basename(path)
  let zip: ZipFile
  try {
    zip = await openPromise(path, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false,
      validateEntrySizes: false,
      strictFileNames: true
    })
  } catch (error) {
    if (typeof (error as NodeJS.ErrnoException).code === 'string') throw fsError(error, path)
    scanned.problems.push({ code: 'zip-unreadable', file: here, detail: message(error) })
    scanned.refusedWhole = true
    return scanned
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      scanned.problems.push({
        code: 'too-many-entries',
        file: here,
        detail: `${zip.entryCount} entries, at most ${limits.maxEntries}`
      })
      scanned.refusedWhole = true
      return scanned
    }
    const entries: { entry: Entry; name: string }[] = []
    const listed: ZipDirectoryEntry[] = []
    // Where yauzl found the central directory; it starts reading entries there.
    const directoryOffset = (zip as unknown as { readEntryCursor: unknown }).readEntryCursor
    try {
      for await (const entry of zip.eachEntry()) {
        const raw = entry.fileNameRaw
        const flags = entry.generalPurposeBitFlag
        // yauzl's own reading (CP437 without the flag) only for a name that is not text
        // otherwise; it is refused below or never listed in SHA256SUMS.
        const name =
          zipEntryName(flags, raw, parseExtraFields(entry.extraFieldRaw)) ??
          getFileNameLowLevel(flags, raw, [], true)
        listed.push({
          name,
          localOffset: entry.relativeOffsetOfLocalHeader,
          flags,
          crc: entry.crc32,
          compressedSize: entry.compressedSize,
          size: entry.uncompressedSize
        })
        if ((flags & FLAG_UTF8) !== 0 && !isUtf8(raw)) {
          scanned.problems.push({ code: 'unsafe-name', file: name, detail: 'not UTF-8' })
          scanned.refused.add(name)
          continue
        }
        entries.push({ entry, name })
      }
    } catch (error) {
      scanned.problems.push({ code: 'zip-unreadable', file: here, detail: message(error) })
    }
    if (typeof directoryOffset !== 'number')
      throw new Error('scanZip: yauzl no longer tells where the central directory starts')
    const layout = await checkLayout(path, directoryOffset, listed, here)
    if (layout !== null) scanned.problems.push(layout)

    const counts = new Map<string, number>()
    const fold = (name: string) => name.normalize('NFC').toLowerCase()
    for (const { name } of entries) counts.set(fold(name), (counts.get(fold(name)) ?? 0) + 1)
    const reportedDuplicates = new Set<string>()
    const candidates: Candidate[] = []
    for (const { entry, name } of entries) {
      const unsafe = unsafeNameReason(name)
      let problem: BundleProblem | null =
        unsafe === null ? null : { code: 'unsafe-name', file: name, detail: unsafe }
      if (problem === null && (counts.get(fold(name)) ?? 0) > 1) {
        if (reportedDuplicates.has(fold(name))) {
          scanned.refused.add(name)
          continue
        }
        reportedDuplicates.add(fold(name))
        problem = {
          code: 'duplicate-name',
          file: name,
          detail: `${counts.get(fold(name))} entries with this name (letter case ignored)`
        }
      }
      if (problem === null && name.endsWith('/')) {
        if (entry.uncompressedSize === 0) continue // a directory: nothing to read
        problem = { code: 'not-a-regular-file', file: name, detail: 'a directory with data' }
      }
      problem ??= zipEntryProblem(
        {
          name,
          madeBy: entry.versionMadeBy,
          flags: entry.generalPurposeBitFlag,
          method: entry.compressionMethod,
          size: entry.uncompressedSize,
          compressedSize: entry.compressedSize,
          external: entry.externalFileAttributes
        },
        limits
      )
      if (problem !== null) {
        scanned.problems.push(problem)
        scanned.refused.add(name)
        continue
      }
      try {
        const local = await zip.readLocalFileHeaderPromise(entry)
        if (
          !Buffer.from(local.fileName).equals(entry.fileNameRaw) ||
          unicodePathDiffers(name, entry.fileNameRaw, parseExtraFields(entry.extraFieldRaw)) ||
          unicodePathDiffers(name, local.fileName, parseExtraFields(local.extraField))
        ) {
          scanned.problems.push({
            code: 'name-mismatch',
            file: name,
            detail: 'the local header names another file'
          })
          scanned.refused.add(name)
          continue
        }
        candidates.push({
          entry,
          name,
          start: entry.relativeOffsetOfLocalHeader,
          dataStart: local.fileDataStart,
          end: local.fileDataStart + entry.compressedSize
        })
      } catch (error) {
        scanned.problems.push({ code: 'file-unreadable', file: name, detail: message(error) })
        scanned.refused.add(name)
      }
    }

    // Read in the order the bytes lie in the file.
    candidates.sort((a, b) => a.start - b.start)
    const overlapping = overlappingEntries(candidates)
    for (const candidate of candidates) {
      if (overlapping.has(candidate)) {
        scanned.problems.push({
          code: 'overlapping-entries',
          file: candidate.name,
          detail: 'shares bytes with another entry'
        })
        scanned.refused.add(candidate.name)
        continue
      }
      await readEntry(zip, candidate, limits, scanned)
    }
    return scanned
  } finally {
    zip.close()
  }
}
