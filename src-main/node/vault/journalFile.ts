import { open, readFile } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { concatBytes, uint64be, utf8 } from '../../common/encoding/bytes'
import { DalelError } from '../../common/errors/DalelError'
import type { Sodium } from '../crypto/loadSodium'
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

function recordAdditionalData(vaultId: string, header: Uint8Array, index: number): Uint8Array {
  return concatBytes(
    utf8('dalel/journal/v1'),
    new Uint8Array([0]),
    utf8(vaultId),
    header,
    uint64be(index)
  )
}

function corrupt(detail: string): DalelError {
  return new DalelError('vault-corrupt', { file: 'journal.bin', detail })
}

/** Writes an empty journal of `generation` durably, replacing any previous one. */
export async function writeEmptyJournal(path: string, generation: number): Promise<void> {
  await writeFileDurably(path, journalHeader(generation))
}

export async function readJournal(
  sodium: Sodium,
  path: string,
  key: Uint8Array,
  vaultId: string
): Promise<JournalContents> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    throw fsError(error, path)
  }
  if (
    bytes.length < JOURNAL_HEADER_BYTES ||
    !bytes.subarray(0, 6).equals(JOURNAL_MAGIC) ||
    bytes[6] !== 1
  ) {
    throw corrupt('bad header')
  }
  const header = bytes.subarray(0, JOURNAL_HEADER_BYTES)
  const generation = Number(bytes.readBigUInt64BE(8))
  const records: Uint8Array[] = []
  let offset = JOURNAL_HEADER_BYTES
  while (offset < bytes.length) {
    const remaining = bytes.length - offset
    if (remaining < FRAME_BYTES) break
    const length = bytes.readUInt32BE(offset)
    if ((bytes.readUInt32BE(offset + 4) ^ 0xffffffff) >>> 0 !== length) {
      throw corrupt(`record ${records.length + 1} at byte ${offset}: damaged length`)
    }
    if (length < NONCE_BYTES + TAG_BYTES || length > MAX_RECORD_BYTES) {
      throw corrupt(`record ${records.length + 1} at byte ${offset}: impossible length`)
    }
    if (remaining < FRAME_BYTES + length) break
    const body = bytes.subarray(offset + FRAME_BYTES, offset + FRAME_BYTES + length)
    try {
      records.push(
        sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
          null,
          body.subarray(NONCE_BYTES),
          recordAdditionalData(vaultId, header, records.length),
          body.subarray(0, NONCE_BYTES),
          key
        )
      )
    } catch {
      throw corrupt(`record ${records.length + 1} at byte ${offset}: authentication failed`)
    }
    offset += FRAME_BYTES + length
  }
  return { generation, records, validLength: offset, tornBytes: bytes.length - offset }
}

/**
 * Appends records to an open journal. Each append is one write and one fdatasync; only after
 * both does it return, and only then is the entry acknowledged. Its cost does not depend on
 * how many entries the vault holds.
 */
export class JournalWriter {
  private constructor(
    private readonly sodium: Sodium,
    private readonly path: string,
    private readonly handle: FileHandle,
    private readonly header: Uint8Array,
    private readonly vaultId: string,
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
      handle = await open(path, 'r+')
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
      journalHeader(contents.generation),
      vaultId,
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

  async append(plaintext: Uint8Array, key: Uint8Array): Promise<void> {
    const nonce = this.sodium.randombytes_buf(NONCE_BYTES)
    const sealed = this.sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
      plaintext,
      recordAdditionalData(this.vaultId, this.header, this.index),
      null,
      nonce,
      key
    )
    const frame = Buffer.alloc(FRAME_BYTES + NONCE_BYTES + sealed.length)
    frame.writeUInt32BE(NONCE_BYTES + sealed.length, 0)
    frame.writeUInt32BE(~(NONCE_BYTES + sealed.length) >>> 0, 4)
    frame.set(nonce, FRAME_BYTES)
    frame.set(sealed, FRAME_BYTES + NONCE_BYTES)
    try {
      let written = 0
      while (written < frame.length) {
        const { bytesWritten } = await this.handle.write(
          frame,
          written,
          frame.length - written,
          this.length + written
        )
        written += bytesWritten
      }
      await this.handle.datasync()
    } catch (error) {
      // A full disk or a failing drive: cut back to the last acknowledged record, so the
      // journal holds no half-written record and the vault is as it was before the call.
      await this.handle.truncate(this.length).catch(() => undefined)
      throw fsError(error, this.path)
    }
    this.length += frame.length
    this.index++
  }

  async close(): Promise<void> {
    await this.handle.close()
  }
}
