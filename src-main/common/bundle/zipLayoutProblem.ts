// Pure TypeScript, no node:* import: one rule for both zip readers (scanZip over yauzl, and
// verify.html's openZip). A zip is read through its central directory, but `jar x`, Java's
// ZipInputStream and other streaming unzippers read local headers from the first byte on:
// a local header the directory does not list is a file those tools unpack and Dalel's
// verifiers never see (a forged entries/1/entry.json). So every byte before the central
// directory must belong to exactly one listed entry, in order, with nothing between them.
import type { BundleProblem } from './ScannedBundle'

const LOCAL_SIGNATURE = 0x04034b50
const LOCAL_BYTES = 30
const DESCRIPTOR_SIGNATURE = 0x08074b50
const FLAG_DESCRIPTOR = 0x0008

/** An entry as the central directory lists it (sizes already widened from zip64). */
export interface ZipDirectoryEntry {
  name: string
  localOffset: number
  flags: number
  crc: number
  compressedSize: number
  size: number
}

/** Reads `length` bytes at `offset`; fewer only at the end of the file. */
export type ReadBytes = (offset: number, length: number) => Promise<Uint8Array>

function u16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8)
}

function u32(bytes: Uint8Array, offset: number): number {
  return (u16(bytes, offset) + u16(bytes, offset + 2) * 0x10000) >>> 0
}

function u64(bytes: Uint8Array, offset: number): number {
  return u32(bytes, offset) + u32(bytes, offset + 4) * 0x100000000
}

/**
 * The length of the data descriptor after an entry's data, in whichever of its four forms
 * (with or without its signature; 32- or 64-bit sizes) matches what the directory says of the
 * entry, or null when none does.
 */
function descriptorLength(bytes: Uint8Array, entry: ZipDirectoryEntry): number | null {
  for (const signed of [true, false]) {
    const at = signed ? 4 : 0
    if (signed && u32(bytes, 0) !== DESCRIPTOR_SIGNATURE) continue
    if (u32(bytes, at) !== entry.crc >>> 0) continue
    if (
      bytes.length >= at + 20 &&
      u64(bytes, at + 4) === entry.compressedSize &&
      u64(bytes, at + 12) === entry.size
    )
      return at + 20
    if (
      bytes.length >= at + 12 &&
      u32(bytes, at + 4) === entry.compressedSize &&
      u32(bytes, at + 8) === entry.size
    )
      return at + 12
  }
  return null
}

/**
 * Walks the zip from byte 0 to the central directory: each listed entry's local header, name,
 * extra field, data and data descriptor must start exactly where the previous one ended, and
 * the last must end exactly where the directory starts. Returns the first place where bytes
 * belong to no listed entry (an unlisted local header, a gap, data before the first entry),
 * or null. Entries sharing bytes are left to overlappingEntries, which names both.
 * @param zipName the zip's file name, for the problem
 */
export async function zipLayoutProblem(
  read: ReadBytes,
  directoryOffset: number,
  entries: readonly ZipDirectoryEntry[],
  zipName: string
): Promise<BundleProblem | null> {
  const hidden = (from: number, to: number, what: string): BundleProblem => ({
    code: 'hidden-data',
    file: zipName,
    detail: `bytes ${from}–${to}: ${what}`
  })
  const sorted = [...entries].sort((a, b) => a.localOffset - b.localOffset)
  let cursor = 0
  for (const entry of sorted) {
    if (entry.localOffset < cursor) continue // overlapping: reported by overlappingEntries
    if (entry.localOffset > cursor) {
      const head = await read(cursor, 4)
      const what =
        u32(head, 0) === LOCAL_SIGNATURE
          ? 'a local file header the central directory does not list'
          : 'bytes between entries that belong to none'
      return hidden(cursor, entry.localOffset, what)
    }
    const header = await read(entry.localOffset, LOCAL_BYTES)
    if (header.length < LOCAL_BYTES || u32(header, 0) !== LOCAL_SIGNATURE)
      return hidden(entry.localOffset, entry.localOffset + LOCAL_BYTES, 'no local header')
    const dataEnd =
      entry.localOffset + LOCAL_BYTES + u16(header, 26) + u16(header, 28) + entry.compressedSize
    cursor = dataEnd
    if ((u16(header, 6) & FLAG_DESCRIPTOR) !== 0 || (entry.flags & FLAG_DESCRIPTOR) !== 0) {
      const length = descriptorLength(await read(dataEnd, 24), entry)
      if (length === null)
        return hidden(dataEnd, dataEnd + 24, `no data descriptor matching ${entry.name}`)
      cursor += length
    }
    if (cursor > directoryOffset)
      return hidden(entry.localOffset, cursor, `${entry.name} runs into the central directory`)
  }
  if (cursor < directoryOffset) {
    const head = await read(cursor, 4)
    const what =
      u32(head, 0) === LOCAL_SIGNATURE
        ? 'a local file header the central directory does not list'
        : 'bytes after the last entry that belong to none'
    return hidden(cursor, directoryOffset, what)
  }
  return null
}
