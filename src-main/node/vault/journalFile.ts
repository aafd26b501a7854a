import { constants, fstatSync, statSync, write } from 'node:fs'
import { open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { basename } from 'node:path'
import { concatBytes, uint64be, utf8 } from '../../common/encoding/bytes'
import { DalelError } from '../../common/errors/DalelError'
import type { Sodium } from '../crypto/loadSodium'
import { secureRandom } from '../crypto/secureRandom'
import { fsError } from '../fs/fsError'
import { writeFileDurably } from '../fs/durable'

/**
 * journal.bin: a 16-byte header ("dalelJ" | version 1 | 0 | generation uint64be), then
 * records: length uint32be | ~length uint32be | nonce (24) | XChaCha20-Poly1305 ciphertext.
 *
 * The length is stored twice (the second inverted) so a flipped byte in it is corruption,
 * not something that looks like the torn tail a crash leaves. Each record's additional data
 * binds the vault id, the header and the record's index, so records cannot be reordered,
 * dropped from the middle or moved to another vault or generation.
 */
export const JOURNAL_MAGIC = Buffer.from('dalelJ', 'latin1')
export const JOURNAL_HEADER_BYTES = 16
const FRAME_BYTES = 8
const NONCE_BYTES = 24
const TAG_BYTES = 16
/** No record comes near this; a larger length is corruption. */
const MAX_RECORD_BYTES = 256 * 1024 * 1024

/** Where the run of zero bytes that ends `bytes` begins (bytes.length when the last byte is not zero). */
function zeroTailStart(bytes: Uint8Array): number {
  let start = bytes.length
  while (start > 0 && bytes[start - 1] === 0) start--
  return start
}

export interface JournalContents {
  generation: number
  records: Uint8Array[]
  /** byte length of the header and the complete records */
  validLength: number
  /** bytes of an incomplete last record, left by a crash in the middle of an append */
  tornBytes: number
}

function journalHeader(generation: number): Buffer {
  const header = Buffer.alloc(JOURNAL_HEADER_BYTES)
  JOURNAL_MAGIC.copy(header, 0)
  header[6] = 1
  header.writeBigUInt64BE(BigInt(generation), 8)
  return header
}

/** "dalel/journal/v1" || 0x00 || vaultId || header: the part of every record's additional data that does not change. */
function additionalDataPrefix(vaultId: string, header: Uint8Array): Uint8Array {
  return concatBytes(utf8('dalel/journal/v1'), new Uint8Array([0]), utf8(vaultId), header)
}

/** The additional data of record `index` (from 0): the prefix || uint64be(index). */
function recordAdditionalData(prefix: Uint8Array, index: number): Uint8Array {
  return concatBytes(prefix, uint64be(index))
}

function corrupt(detail: string): DalelError {
  return new DalelError('vault-corrupt', { file: 'journal.bin', detail })
}

/** Writes an empty journal of `generation` durably, replacing any previous one. */
export async function writeEmptyJournal(path: string, generation: number): Promise<void> {
  await writeFileDurably(path, journalHeader(generation))
}

/** Decrypts and checks journal.bin, read into memory whole. */
export function parseJournal(
  sodium: Sodium,
  bytes: Buffer,
  key: Uint8Array,
  vaultId: string
): JournalContents {
  if (
    bytes.length < JOURNAL_HEADER_BYTES ||
    !bytes.subarray(0, 6).equals(JOURNAL_MAGIC) ||
    bytes[6] !== 1
  ) {
    throw corrupt('bad header')
  }
  const header = bytes.subarray(0, JOURNAL_HEADER_BYTES)
  const prefix = additionalDataPrefix(vaultId, header)
  const generation = Number(bytes.readBigUInt64BE(8))
  const records: Uint8Array[] = []
  const zeroTail = zeroTailStart(bytes)
  let offset = JOURNAL_HEADER_BYTES
  while (offset < bytes.length) {
    const remaining = bytes.length - offset
    if (remaining < FRAME_BYTES) break
    // Zeros from here to the end: a file the file system extended without the data of the
    // last, unacknowledged write (power loss on XFS, ext4 data=writeback, FAT): a torn tail.
    // No record starts with a zero length, so nothing written is ever mistaken for this.
    if (zeroTail <= offset) break
    const length = bytes.readUInt32BE(offset)
    const damaged = (detail: string, lengthRead: number | null) =>
      tornByZeros(offset, lengthRead)
        ? null
        : corrupt(`record ${records.length + 1} at byte ${offset}: ${detail}`)
    if ((bytes.readUInt32BE(offset + 4) ^ 0xffffffff) >>> 0 !== length) {
      const error = damaged('damaged length', null)
      if (error === null) break
      throw error
    }
    if (length < NONCE_BYTES + TAG_BYTES || length > MAX_RECORD_BYTES) {
      const error = damaged('impossible length', null)
      if (error === null) break
      throw error
    }
    if (remaining < FRAME_BYTES + length) break
    const body = bytes.subarray(offset + FRAME_BYTES, offset + FRAME_BYTES + length)
    let plaintext: Uint8Array
    try {
      plaintext = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
        null,
        body.subarray(NONCE_BYTES),
        recordAdditionalData(prefix, records.length),
        body.subarray(0, NONCE_BYTES),
        key
      )
    } catch {
      const error = damaged('authentication failed', length)
      if (error === null) break
      throw error
    }
    records.push(plaintext)
    offset += FRAME_BYTES + length
  }
  return { generation, records, validLength: offset, tornBytes: bytes.length - offset }

  /**
   * Whether the unreadable record at `at` was cut short by zeros: the zeros that end the
   * file begin inside it. `length` is its length as read, or null when that is unusable. A file system that lost the last write's data fills whole sectors
   * with zeros, so a zero run that starts inside the record's length, or at a 512-byte
   * boundary inside its body, or covers at least a whole tag (16 bytes), is a torn write.
   * Anything else unreadable (a damaged record followed by data, a flipped byte) is
   * corruption. Dropping the record gives nobody more than cutting the file there would,
   * which a torn tail already allows; and no real record is mistaken: a ciphertext's last
   * byte is zero one time in 256, a whole zero tag never.
   */
  function tornByZeros(at: number, length: number | null): boolean {
    if (zeroTail < at + FRAME_BYTES) return zeroTail > at
    // A length read whole but wrong is damage, not a cut.
    if (length === null || zeroTail >= at + FRAME_BYTES + length) return false
    return zeroTail % 512 === 0 || bytes.length - zeroTail >= TAG_BYTES
  }
}

/**
 * fs.write with a callback, as a promise: per call ~40 µs less than FileHandle.write, whose
 * promise machinery costs about as much as a small write to the page cache.
 * @returns the bytes written
 */
function writeAt(fd: number, data: Buffer, offset: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    write(fd, data, offset, data.length - offset, position, (error, bytesWritten) => {
      if (error === null) resolve(bytesWritten)
      else reject(error)
    })
  })
}

/**
 * Where the platform has it, the journal is opened with O_DSYNC: each write returns only once
 * its data is on stable storage, as a write followed by fdatasync would, in one system call
 * instead of two round trips through libuv's thread pool. Elsewhere (Windows) each write is
 * followed by an explicit datasync.
 */
const DSYNC: number | undefined = constants.O_DSYNC

/**
 * Appends records to an open journal. Each append is one durable write (see DSYNC); only
 * after it does append return, and only then is the entry acknowledged. Its cost does not
 * depend on how many entries the vault holds.
 */
export class JournalWriter {
  private constructor(
    private readonly sodium: Sodium,
    private readonly path: string,
    private readonly handle: FileHandle,
    private readonly dsync: boolean,
    private readonly adPrefix: Uint8Array,
    private length: number,
    private index: number
  ) {}

  /** Opens for appending after `validLength`, cutting off a torn tail first. */
  static async open(
    sodium: Sodium,
    path: string,
    vaultId: string,
    contents: Pick<JournalContents, 'generation' | 'validLength' | 'tornBytes' | 'records'>
  ): Promise<JournalWriter> {
    let handle: FileHandle
    try {
      handle = await open(path, DSYNC === undefined ? 'r+' : constants.O_RDWR | DSYNC)
      if (contents.tornBytes > 0) {
        await handle.truncate(contents.validLength)
        await handle.sync()
      }
    } catch (error) {
      throw fsError(error, path)
    }
    return new JournalWriter(
      sodium,
      path,
      handle,
      DSYNC !== undefined,
      additionalDataPrefix(vaultId, journalHeader(contents.generation)),
      contents.validLength,
      contents.records.length
    )
  }

  get recordCount(): number {
    return this.index
  }

  get byteLength(): number {
    return this.length
  }

  /**
   * Seals and appends one record durably. `meanwhile` runs while the write is with the
   * disk, so in-memory work (indexing the entry) costs no extra time; when the write fails,
   * the caller undoes what `meanwhile` did. When `meanwhile` throws, the record is cut back
   * off and the error passed on: the entry is not acknowledged.
   */
  async append(plaintext: Uint8Array, key: Uint8Array, meanwhile?: () => void): Promise<void> {
    const nonce = secureRandom(NONCE_BYTES)
    const sealed = this.sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
      plaintext,
      recordAdditionalData(this.adPrefix, this.index),
      null,
      nonce,
      key
    )
    const frame = Buffer.allocUnsafe(FRAME_BYTES + NONCE_BYTES + sealed.length)
    frame.writeUInt32BE(NONCE_BYTES + sealed.length, 0)
    frame.writeUInt32BE(~(NONCE_BYTES + sealed.length) >>> 0, 4)
    frame.set(nonce, FRAME_BYTES)
    frame.set(sealed, FRAME_BYTES + NONCE_BYTES)
    this.checkUnchanged()
    const writing = this.writeDurably(frame)
    try {
      meanwhile?.()
    } catch (error) {
      await writing.catch(() => undefined)
      await this.cutBack()
      throw error
    }
    try {
      await writing
    } catch (error) {
      // A full disk or a failing drive: cut back to the last acknowledged record, so the
      // journal holds no half-written record and the vault is as it was before the call.
      await this.cutBack()
      throw fsError(error, this.path)
    }
    this.length += frame.length
    this.index++
  }

  /**
   * Refuses to write unless journal.bin is still the file this writer opened and exactly as
   * long as it left it. Only the lock keeps a second writer out; if that ever fails, the
   * second writer's record would land at this one's offset and overwrite an acknowledged
   * entry, or go to a journal a compaction elsewhere has already replaced. Nothing is written
   * and nothing cut back: the bytes past the expected end are someone else's.
   * Synchronous on purpose: two system calls of a few microseconds, less than a round trip
   * through libuv's thread pool.
   */
  private checkUnchanged(): void {
    let onDisk
    let open
    try {
      onDisk = statSync(this.path)
      open = fstatSync(this.handle.fd)
    } catch (error) {
      throw fsError(error, this.path)
    }
    if (onDisk.ino !== open.ino || onDisk.dev !== open.dev || open.size !== this.length)
      throw new DalelError('vault-written-elsewhere', { file: basename(this.path) })
  }

  private async writeDurably(frame: Buffer): Promise<void> {
    let written = 0
    while (written < frame.length)
      written += await writeAt(this.handle.fd, frame, written, this.length + written)
    if (!this.dsync) await this.handle.datasync()
  }

  private async cutBack(): Promise<void> {
    await this.handle.truncate(this.length).catch(() => undefined)
  }

  async close(): Promise<void> {
    await this.handle.close()
  }
}
