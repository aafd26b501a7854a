// Pure TypeScript, no node:* import: how both zip readers (scanZip, the CLI's, and
// verify.html's openZip) name an entry, so that they read every bundle's names alike.
// A bundle re-zipped by an archiver that does not mark its names as UTF-8 (Info-ZIP without
// a UTF-8 locale, macOS's Archive Utility, Info-ZIP on Windows) must still verify: its
// names are matched against the signed SHA256SUMS, so a wrong reading can only fail a
// bundle, never pass a changed one.
import { fromUtf8 } from '../encoding/bytes'
import { crc32 } from '../encoding/crc32'

const FLAG_UTF8 = 0x800
/** Info-ZIP Unicode Path extra field (APPNOTE 4.6.9): version, CRC-32 of the header's name, UTF-8 name. */
export const UNICODE_PATH_FIELD = 0x7075
const UNICODE_PATH_VERSION = 1

export interface ZipExtraField {
  id: number
  data: Uint8Array
}

/** The fields of an extra field block (id, length, data); a truncated last field is dropped. */
export function parseExtraFields(extra: Uint8Array): ZipExtraField[] {
  const fields: ZipExtraField[] = []
  for (let at = 0; at + 4 <= extra.length;) {
    const id = (extra[at] ?? 0) | ((extra[at + 1] ?? 0) << 8)
    const length = (extra[at + 2] ?? 0) | ((extra[at + 3] ?? 0) << 8)
    if (at + 4 + length > extra.length) break
    fields.push({ id, data: extra.subarray(at + 4, at + 4 + length) })
    at += 4 + length
  }
  return fields
}

function u32le(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] ?? 0) |
      ((bytes[at + 1] ?? 0) << 8) |
      ((bytes[at + 2] ?? 0) << 16) |
      ((bytes[at + 3] ?? 0) << 24)) >>>
    0
  )
}

/**
 * The name an Info-ZIP Unicode Path field gives, or null. Only version 1, and only when its
 * CRC-32 is that of the header's name as stored (`rawName`): the field was written for that
 * name, and a tool that renamed the entry since left it stale — Info-ZIP's rule too.
 */
export function unicodePathName(
  rawName: Uint8Array,
  fields: readonly ZipExtraField[]
): string | null {
  for (const { id, data } of fields) {
    if (id !== UNICODE_PATH_FIELD || data.length < 5 || data[0] !== UNICODE_PATH_VERSION) continue
    if (u32le(data, 1) !== crc32(rawName)) continue
    try {
      return fromUtf8(data.subarray(5))
    } catch {
      continue
    }
  }
  return null
}

/**
 * An entry's name from its header, or null when it has none that can be read as text: the
 * UTF-8 flag on bytes that are not UTF-8, or a non-ASCII name in some other character set
 * with no Unicode Path field that holds.
 * Without the flag: a Unicode Path field whose CRC matches; else the bytes themselves when
 * they are ASCII or UTF-8, which is what Info-ZIP without a UTF-8 locale and macOS store
 * (the file system's UTF-8, unmarked). With the flag the header's name alone counts, as
 * Info-ZIP's unzip reads it.
 * @param flags the general purpose bit flags
 */
export function zipEntryName(
  flags: number,
  rawName: Uint8Array,
  fields: readonly ZipExtraField[]
): string | null {
  try {
    if ((flags & FLAG_UTF8) !== 0) return fromUtf8(rawName)
    return unicodePathName(rawName, fields) ?? fromUtf8(rawName)
  } catch {
    return null
  }
}

/**
 * Whether a Unicode Path field that holds names another file than `name` (the central
 * directory's, or a local header's with the same stored name): an unzip that reads the
 * field would write another file than the one verified, as with a local header's own name.
 */
export function unicodePathDiffers(
  name: string,
  rawName: Uint8Array,
  fields: readonly ZipExtraField[]
): boolean {
  const other = unicodePathName(rawName, fields)
  return other !== null && other !== name
}
