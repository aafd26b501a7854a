import type { BundleLimits } from '../src-main/common/bundle/bundleLayout'
import type { BundleProblem } from '../src-main/common/bundle/ScannedBundle'
import { unsafeNameReason } from '../src-main/common/bundle/ScannedBundle'
import {
  ZIP_METHOD_STORE,
  overlappingEntries,
  zipEntryProblem
} from '../src-main/common/bundle/zipEntryProblem'
import { zipLayoutProblem } from '../src-main/common/bundle/zipLayoutProblem'
import {
  parseExtraFields,
  unicodePathDiffers,
  zipEntryName
} from '../src-main/common/bundle/zipEntryName'
import type { ZipExtraField } from '../src-main/common/bundle/zipEntryName'
import type { BundleFile, ByteSource } from './BundleFile'
import { FileRefusal, READ_SLICE_BYTES } from './BundleFile'
import { crc32 } from '../src-main/common/encoding/crc32'

// The zip reader of verify.html, written against APPNOTE 6.3 and refusing what scanZip (the
// CLI's reader) refuses, with the same problem codes: the page and `dalel verify-bundle`
// must never disagree about a bundle (verifyInPage.test.ts holds them to it, and both take
// the rules on entry headers from zipEntryProblem). It reads the central directory up front
// and each file's bytes only when asked, slice by slice, so a multi-GiB bundle never sits in
// memory; and it inflates no more than each file's declared size, so a zip bomb costs at
// most what the limits allow before it is refused.
// Two deliberate differences, both refusing the same files: a file that inflates past its
// declared size is stopped there ("size-mismatch"), where scanZip inflates on until the
// ratio limit; and a name that is not text by zipEntryName's rules (a non-ASCII name without
// the UTF-8 flag that is not UTF-8 and has no Unicode Path field that holds) is refused
// ("unsafe-name"), where scanZip reads it as CP437 (whatever it became would not be listed).

export interface ZipScan {
  /** the entries that may be read, in the directory's order */
  files: BundleFile[]
  /** entries refused from their headers alone (each named by a problem) */
  refused: string[]
  problems: BundleProblem[]
}

const EOCD_SIGNATURE = 0x06054b50
const EOCD_BYTES = 22
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50
const ZIP64_LOCATOR_BYTES = 20
const ZIP64_EOCD_SIGNATURE = 0x06064b50
const ZIP64_EOCD_BYTES = 56
const CENTRAL_SIGNATURE = 0x02014b50
const CENTRAL_BYTES = 46
const LOCAL_SIGNATURE = 0x04034b50
const LOCAL_BYTES = 30
const MAX_COMMENT = 0xffff
const FLAG_UTF8 = 0x800

/** The container itself cannot be read; nothing in it is trusted. */
class ZipUnreadable extends Error {}

interface CentralEntry {
  name: string
  rawName: Uint8Array
  /** the central directory's extra fields (the Info-ZIP Unicode Path field among them) */
  fields: ZipExtraField[]
  madeBy: number
  flags: number
  method: number
  crc: number
  compressedSize: number
  size: number
  external: number
  localOffset: number
}

function u16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8)
}

function u32(bytes: Uint8Array, offset: number): number {
  return (u16(bytes, offset) + u16(bytes, offset + 2) * 0x10000) >>> 0
}

/** 64-bit little-endian; anything beyond 2^53 is damage, not a real size. */
function u64(bytes: Uint8Array, offset: number): number {
  const value = u32(bytes, offset) + u32(bytes, offset + 4) * 0x100000000
  if (!Number.isSafeInteger(value)) throw new ZipUnreadable('a 64-bit field beyond 2^53')
  return value
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}

async function readExactly(source: ByteSource, offset: number, length: number) {
  const bytes = await source.read(offset, length)
  if (bytes.length !== length) throw new ZipUnreadable('read past the end of the file')
  return bytes
}

async function findEndOfDirectory(source: ByteSource): Promise<{ tail: Uint8Array; at: number }> {
  const tailLength = Math.min(source.size, EOCD_BYTES + MAX_COMMENT + ZIP64_LOCATOR_BYTES)
  const tailStart = source.size - tailLength
  const tail = await readExactly(source, tailStart, tailLength)
  // The comment may itself contain the signature; the real record is the one whose comment
  // length reaches exactly to the end of the file.
  for (let i = tail.length - EOCD_BYTES; i >= 0; i--) {
    if (u32(tail, i) === EOCD_SIGNATURE && i + EOCD_BYTES + u16(tail, i + 20) === tail.length)
      return { tail, at: i }
  }
  throw new ZipUnreadable('no end of central directory record: not a zip, or cut short')
}

async function readDirectoryLocation(
  source: ByteSource
): Promise<{ count: number; offset: number; size: number }> {
  const { tail, at } = await findEndOfDirectory(source)
  const tailStart = source.size - tail.length
  let count = u16(tail, at + 10)
  let size = u32(tail, at + 12)
  let offset = u32(tail, at + 16)
  let end = tailStart + at
  const locator = at - ZIP64_LOCATOR_BYTES
  if (locator >= 0 && u32(tail, locator) === ZIP64_LOCATOR_SIGNATURE) {
    const recordAt = u64(tail, locator + 8)
    if (recordAt + ZIP64_EOCD_BYTES > tailStart + locator)
      throw new ZipUnreadable('zip64 record out of place')
    const record = await readExactly(source, recordAt, ZIP64_EOCD_BYTES)
    if (u32(record, 0) !== ZIP64_EOCD_SIGNATURE) throw new ZipUnreadable('zip64 record missing')
    count = u64(record, 32)
    size = u64(record, 40)
    offset = u64(record, 48)
    end = recordAt
  }
  if (offset + size > end) throw new ZipUnreadable('central directory out of place')
  return { count, offset, size }
}

/** The zip64 extra field's values for the header fields that were 0xFFFFFFFF, in order. */
function zip64Values(extra: Uint8Array, wanted: readonly boolean[]): (number | undefined)[] {
  for (let i = 0; i + 4 <= extra.length;) {
    const id = u16(extra, i)
    const length = u16(extra, i + 2)
    if (i + 4 + length > extra.length) break
    if (id === 0x0001) {
      let at = i + 4
      return wanted.map((want) => {
        if (!want) return undefined
        if (at + 8 > i + 4 + length) throw new ZipUnreadable('short zip64 extra field')
        const value = u64(extra, at)
        at += 8
        return value
      })
    }
    i += 4 + length
  }
  throw new ZipUnreadable('zip64 sizes without a zip64 extra field')
}

function parseDirectory(directory: Uint8Array, count: number): CentralEntry[] {
  const entries: CentralEntry[] = []
  let at = 0
  for (let n = 0; n < count; n++) {
    if (at + CENTRAL_BYTES > directory.length || u32(directory, at) !== CENTRAL_SIGNATURE)
      throw new ZipUnreadable('damaged central directory')
    const nameLength = u16(directory, at + 28)
    const extraLength = u16(directory, at + 30)
    const next = at + CENTRAL_BYTES + nameLength + extraLength + u16(directory, at + 32)
    if (next > directory.length) throw new ZipUnreadable('damaged central directory')
    const rawName = directory.slice(at + CENTRAL_BYTES, at + CENTRAL_BYTES + nameLength)
    let compressedSize = u32(directory, at + 20)
    let size = u32(directory, at + 24)
    let localOffset = u32(directory, at + 42)
    const wide = [size, compressedSize, localOffset].map((v) => v === 0xffffffff)
    if (wide.includes(true)) {
      const extra = directory.subarray(
        at + CENTRAL_BYTES + nameLength,
        at + CENTRAL_BYTES + nameLength + extraLength
      )
      const [wideSize, wideCompressed, wideOffset] = zip64Values(extra, wide)
      size = wideSize ?? size
      compressedSize = wideCompressed ?? compressedSize
      localOffset = wideOffset ?? localOffset
    }
    const flags = u16(directory, at + 8)
    const fields = parseExtraFields(
      directory.slice(
        at + CENTRAL_BYTES + nameLength,
        at + CENTRAL_BYTES + nameLength + extraLength
      )
    )
    // Not text: refused by name below (an exporter always writes UTF-8 names).
    const name =
      zipEntryName(flags, rawName, fields) ??
      `\u0000${Array.from(rawName, (b) => b.toString(16).padStart(2, '0')).join('')}`
    entries.push({
      name,
      rawName,
      fields,
      madeBy: u16(directory, at + 4),
      flags,
      method: u16(directory, at + 10),
      crc: u32(directory, at + 16),
      compressedSize,
      size,
      external: u32(directory, at + 38),
      localOffset
    })
    at = next
  }
  return entries
}

async function* slices(
  source: ByteSource,
  start: number,
  length: number,
  onRead: (bytes: number) => void
): AsyncGenerator<Uint8Array> {
  for (let done = 0; done < length;) {
    const slice = await source.read(start + done, Math.min(READ_SLICE_BYTES, length - done))
    if (slice.length === 0) throw new Error('read past the end of the file')
    done += slice.length
    onRead(slice.length)
    yield slice
  }
}

/** Feeds an async iterable through DecompressionStream('deflate-raw'). */
function inflateRaw(input: AsyncIterable<Uint8Array>): ReadableStreamDefaultReader<Uint8Array> {
  const iterator = input[Symbol.asyncIterator]()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next()
      if (next.done === true) controller.close()
      else controller.enqueue(next.value)
    },
    async cancel() {
      await iterator.return?.(undefined)
    }
  })
    .pipeThrough(
      // The DOM and Node typings disagree on DecompressionStream's chunk types (BufferSource
      // against Uint8Array); at run time every browser and Node take and give Uint8Array.
      new DecompressionStream('deflate-raw') as unknown as TransformStream<Uint8Array, Uint8Array>
    )
    .getReader()
}

/**
 * One entry's bytes, checked as they come: never more than declared (a bomb stops here, not
 * at the 4 GiB limit), never above the ratio, and the CRC-32 and size exact at the end.
 */
async function* readEntry(
  source: ByteSource,
  entry: CentralEntry,
  dataStart: number,
  limits: BundleLimits
): AsyncGenerator<Uint8Array> {
  const file = entry.name
  const refuse = (code: BundleProblem['code'], detail: string) =>
    new FileRefusal({ code, file, detail })
  let consumed = 0
  let produced = 0
  let crc = 0
  const raw = slices(source, dataStart, entry.compressedSize, (n) => (consumed += n))
  const check = (chunk: Uint8Array) => {
    produced += chunk.length
    if (produced > entry.size)
      throw refuse('size-mismatch', `more than the ${entry.size} bytes declared`)
    if (produced > limits.ratioFloorBytes && produced > limits.maxRatio * Math.max(consumed, 1))
      throw refuse('compression-ratio', `more than ${limits.maxRatio} : 1 while inflating`)
    crc = crc32(chunk, crc)
  }
  if (entry.method === ZIP_METHOD_STORE) {
    try {
      for await (const chunk of raw) {
        check(chunk)
        yield chunk
      }
    } catch (error) {
      if (error instanceof FileRefusal) throw error
      throw refuse('file-unreadable', String(error))
    }
  } else {
    const reader = inflateRaw(raw)
    try {
      for (;;) {
        const result = await reader.read().catch((error: unknown) => {
          throw refuse('file-unreadable', `inflate: ${String(error)}`)
        })
        if (result.done) break
        check(result.value)
        yield result.value
      }
    } finally {
      await reader.cancel().catch(() => undefined)
    }
  }
  if (produced !== entry.size)
    throw refuse('size-mismatch', `${produced} bytes, ${entry.size} declared`)
  if (crc !== entry.crc) throw refuse('crc-mismatch', 'CRC-32 differs from the header')
}

/**
 * Opens a zip that may be hostile. Every entry is judged from the central directory and its
 * local header before any byte of it is inflated; refused entries are reported, not thrown.
 * @param zipName the zip's file name, for problems about the whole container
 */
export async function openZip(
  source: ByteSource,
  zipName: string,
  limits: BundleLimits
): Promise<ZipScan> {
  const scan: ZipScan = { files: [], refused: [], problems: [] }
  let entries: CentralEntry[]
  let directoryOffset: number
  try {
    const location = await readDirectoryLocation(source)
    if (location.count > limits.maxEntries) {
      scan.problems.push({
        code: 'too-many-entries',
        file: zipName,
        detail: `${location.count} entries, at most ${limits.maxEntries}`
      })
      return scan
    }
    // The smallest central record is 46 bytes; a count the directory cannot hold is damage.
    if (location.count * CENTRAL_BYTES > location.size)
      throw new ZipUnreadable('entry count larger than the directory')
    entries = parseDirectory(
      await readExactly(source, location.offset, location.size),
      location.count
    )
    directoryOffset = location.offset
    const layout = await zipLayoutProblem(
      (offset, length) => source.read(offset, length),
      directoryOffset,
      entries,
      zipName
    )
    if (layout !== null) scan.problems.push(layout)
  } catch (error) {
    scan.problems.push({
      code: 'zip-unreadable',
      file: zipName,
      detail: error instanceof Error ? error.message : String(error)
    })
    return scan
  }

  const refuse = (problem: BundleProblem) => {
    scan.problems.push(problem)
    scan.refused.push(problem.file ?? '')
  }
  const fold = (name: string) => name.normalize('NFC').toLowerCase()
  const counts = new Map<string, number>()
  for (const { name } of entries) counts.set(fold(name), (counts.get(fold(name)) ?? 0) + 1)
  const reportedDuplicates = new Set<string>()
  const candidates: { entry: CentralEntry; start: number; dataStart: number; end: number }[] = []
  for (const entry of entries) {
    const name = entry.name
    if (name.startsWith('\u0000')) {
      const detail =
        (entry.flags & FLAG_UTF8) !== 0 ? 'not UTF-8' : 'neither UTF-8 nor a Unicode Path field'
      refuse({ code: 'unsafe-name', file: name, detail })
      continue
    }
    const unsafe = unsafeNameReason(name)
    if (unsafe !== null) {
      refuse({ code: 'unsafe-name', file: name, detail: unsafe })
      continue
    }
    // Letter case is ignored, as an unzip on Windows or macOS would write both to one file.
    if ((counts.get(fold(name)) ?? 0) > 1) {
      if (reportedDuplicates.has(fold(name))) scan.refused.push(name)
      else {
        reportedDuplicates.add(fold(name))
        refuse({
          code: 'duplicate-name',
          file: name,
          detail: `${counts.get(fold(name))} entries with this name (letter case ignored)`
        })
      }
      continue
    }
    if (name.endsWith('/')) {
      if (entry.size !== 0)
        refuse({ code: 'not-a-regular-file', file: name, detail: 'a directory with data' })
      continue
    }
    const problem = zipEntryProblem(entry, limits)
    if (problem !== null) {
      refuse(problem)
      continue
    }
    try {
      if (entry.localOffset + LOCAL_BYTES > directoryOffset)
        throw new Error('local header out of place')
      const header = await readExactly(source, entry.localOffset, LOCAL_BYTES)
      if (u32(header, 0) !== LOCAL_SIGNATURE) throw new Error('no local header')
      const nameLength = u16(header, 26)
      const localName = await readExactly(source, entry.localOffset + LOCAL_BYTES, nameLength)
      const localFields = parseExtraFields(
        await readExactly(source, entry.localOffset + LOCAL_BYTES + nameLength, u16(header, 28))
      )
      // Tools that read local headers (streaming unzippers), or the Unicode Path field, would
      // otherwise unpack another file than the one verified here.
      if (
        !sameBytes(localName, entry.rawName) ||
        unicodePathDiffers(name, entry.rawName, entry.fields) ||
        unicodePathDiffers(name, localName, localFields)
      ) {
        refuse({ code: 'name-mismatch', file: name, detail: 'the local header names another file' })
        continue
      }
      const dataStart = entry.localOffset + LOCAL_BYTES + nameLength + u16(header, 28)
      const end = dataStart + entry.compressedSize
      if (end > directoryOffset) throw new Error('data runs into the central directory')
      candidates.push({ entry, start: entry.localOffset, dataStart, end })
    } catch (error) {
      refuse({ code: 'file-unreadable', file: name, detail: String(error) })
    }
  }

  const overlapping = overlappingEntries(candidates)
  for (const candidate of candidates) {
    const { entry, dataStart } = candidate
    if (overlapping.has(candidate)) {
      refuse({
        code: 'overlapping-entries',
        file: entry.name,
        detail: 'shares bytes with another entry'
      })
      continue
    }
    scan.files.push({
      path: entry.name,
      size: entry.size,
      chunks: () => readEntry(source, entry, dataStart, limits)
    })
  }
  return scan
}
