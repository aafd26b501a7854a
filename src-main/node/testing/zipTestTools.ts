// Zip tools for the bundle tests: reading a trusted zip, rewriting one as an attacker would,
// and writing raw records by hand for archives no honest zip library makes (zip-slip names,
// symlinks, lying sizes, overlapping entries).
import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { crc32 } from 'node:zlib'
import { openPromise } from 'yauzl'
import { ZipFile } from 'yazl'
import { compareUtf8 } from '../../common/bundle/bundleLayout'
import { u16, u32, u64 } from '../bundle/zipIntegers'

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

export interface ZipItem {
  name: string
  bytes: Buffer
  compressionMethod: number
  externalFileAttributes: number
}

/** Every entry of a zip we trust, in order, inflated. */
export async function readZip(path: string): Promise<ZipItem[]> {
  const zip = await openPromise(path, { lazyEntries: true })
  const items: ZipItem[] = []
  for await (const entry of zip.eachEntry()) {
    const stream = await zip.openReadStreamPromise(entry)
    const chunks: Buffer[] = []
    for await (const chunk of stream) chunks.push(chunk as Buffer)
    items.push({
      name: entry.fileName,
      bytes: Buffer.concat(chunks),
      compressionMethod: entry.compressionMethod,
      externalFileAttributes: entry.externalFileAttributes
    })
  }
  zip.close()
  return items
}

/** Writes files to a zip with yazl, as anyone re-packing a bundle would. */
export async function writeZip(
  path: string,
  files: readonly { name: string; bytes: Uint8Array; mode?: number }[]
): Promise<void> {
  const zip = new ZipFile()
  for (const file of files)
    zip.addBuffer(
      Buffer.from(file.bytes),
      file.name,
      file.mode === undefined ? {} : { mode: file.mode }
    )
  zip.end()
  await pipeline(zip.outputStream, createWriteStream(path))
}

/** SHA256SUMS recomputed over `files`, as an attacker who cannot sign it would. */
export function recomputedSums(files: readonly { name: string; bytes: Uint8Array }[]): Buffer {
  const listed = files
    .filter((f) => f.name !== 'SHA256SUMS' && f.name !== 'SHA256SUMS.sig')
    .sort((a, b) => compareUtf8(a.name, b.name))
    .map((f) => `${sha256(f.bytes)}  ${f.name}\n`)
    .join('')
  return Buffer.from(listed)
}

export interface RawRecord {
  name: string | Buffer
  /** the bytes stored in the zip (already deflated for method 8) */
  data: Buffer
  method?: number
  crc?: number
  /** declared uncompressed size; above 0xfffffffe it is written as zip64 */
  uncompressedSize?: number
  flags?: number
  versionMadeBy?: number
  externalFileAttributes?: number
  /** the name in the local header, when it should differ from the central one */
  localName?: string | Buffer
  /** extra fields, in the local header and the central one alike */
  extra?: Buffer
}

function nameBytes(name: string | Buffer): Buffer {
  return typeof name === 'string' ? Buffer.from(name, 'utf8') : name
}

/** A local file header followed by the record's data. */
export function localRecord(record: RawRecord): Buffer {
  const name = nameBytes(record.localName ?? record.name)
  const size = record.uncompressedSize ?? record.data.length
  return Buffer.concat([
    u32(0x04034b50),
    u16(45),
    u16(record.flags ?? 0x800),
    u16(record.method ?? 0),
    u16(0),
    u16(0x5a21),
    u32(record.crc ?? crc32(record.data)),
    u32(record.data.length),
    u32(size > 0xfffffffe ? 0xffffffff : size),
    u16(name.length),
    u16(record.extra?.length ?? 0),
    name,
    record.extra ?? Buffer.alloc(0),
    record.data
  ])
}

/** The central directory header of a record whose local header is at `offset`. */
export function centralRecord(record: RawRecord, offset: number): Buffer {
  const name = nameBytes(record.name)
  const size = record.uncompressedSize ?? record.data.length
  const zip64 = size > 0xfffffffe
  const extra = Buffer.concat([
    zip64 ? Buffer.concat([u16(1), u16(8), u64(size)]) : Buffer.alloc(0),
    record.extra ?? Buffer.alloc(0)
  ])
  return Buffer.concat([
    u32(0x02014b50),
    u16(record.versionMadeBy ?? 0x031e),
    u16(45),
    u16(record.flags ?? 0x800),
    u16(record.method ?? 0),
    u16(0),
    u16(0x5a21),
    u32(record.crc ?? crc32(record.data)),
    u32(record.data.length),
    u32(zip64 ? 0xffffffff : size),
    u16(name.length),
    u16(extra.length),
    u16(0),
    u16(0),
    u16(0),
    u32(record.externalFileAttributes ?? 0o100644 << 16),
    u32(offset),
    name,
    extra
  ])
}

export function endOfCentralDirectory(count: number, size: number, offset: number): Buffer {
  return Buffer.concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(count),
    u16(count),
    u32(size),
    u32(offset),
    u16(0)
  ])
}

/**
 * A zip written record by record, exactly as specified, whatever it claims. `insert` puts
 * bytes the central directory does not list before record number `before`, or before the
 * central directory itself: a hidden local header, or a gap.
 */
export function rawZip(
  records: readonly RawRecord[],
  insert?: { before: number | 'directory'; bytes: Buffer }
): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [i, record] of records.entries()) {
    if (insert?.before === i) {
      locals.push(insert.bytes)
      offset += insert.bytes.length
    }
    const local = localRecord(record)
    centrals.push(centralRecord(record, offset))
    locals.push(local)
    offset += local.length
  }
  if (insert?.before === 'directory') {
    locals.push(insert.bytes)
    offset += insert.bytes.length
  }
  const central = Buffer.concat(centrals)
  return Buffer.concat([
    ...locals,
    central,
    endOfCentralDirectory(records.length, central.length, offset)
  ])
}
