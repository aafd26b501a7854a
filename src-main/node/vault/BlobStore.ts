import { createHash } from 'node:crypto'
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { RandomBytes } from '../../common/crypto/EvidenceCrypto'
import { toSha256Hex } from '../../common/encoding/brands'
import { toHex } from '../../common/encoding/hex'
import type { Attachment } from '../../common/entry/Entry'
import type { Sodium } from '../crypto/loadSodium'
import type { SealThreadPool } from '../crypto/SealThreadPool'
import { StreamPurpose } from '../crypto/streamCipher'
import { TEMP_PREFIX, fsyncDirectory } from '../fs/durable'
import { fsError } from '../fs/fsError'
import { openRegularFile } from '../fs/openRegularFile'
import { imageSize, sniffMediaType } from '../media/sniffMedia'
import { sealFileInto } from './sealFileInto'
import { openSealedFile, readSealedFile, sealBytesInto } from './sealedFile'
import { sealedFileError } from './sealedFileError'
import { blobName } from './vaultKeys'
import type { VaultKeys } from './vaultKeys'
import { BLOBS_DIR } from './vaultTypes'
import type { AttachmentInput } from './vaultTypes'

/** A blob's file name: its keyed hash, 64 hex digits (FORMATS "Blobs"). */
const BLOB_NAME = /^[0-9a-f]{64}$/
/** A blob folder: the first two hex digits of the names it holds. */
const BLOB_FOLDER = /^[0-9a-f]{2}$/

/**
 * Every file in the vault's blob folders (blobs/xx/), blob-shaped or not; none when blobs/
 * is missing. Verification reports whatever no entry refers to; deleting takes only blobs.
 */
export async function listBlobFolderFiles(
  dir: string
): Promise<{ folder: string; name: string }[]> {
  const root = join(dir, BLOBS_DIR)
  let folders: string[]
  try {
    folders = await readdir(root)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw fsError(error, root)
  }
  const files: { folder: string; name: string }[] = []
  for (const folder of folders) {
    if (!BLOB_FOLDER.test(folder)) continue
    for (const name of await readdir(join(root, folder))) files.push({ folder, name })
  }
  return files
}

/** Whether a file found in blobs/<folder>/ is a blob stored where it belongs. */
export function isBlobFile(file: { folder: string; name: string }): boolean {
  return BLOB_NAME.test(file.name) && file.name.startsWith(file.folder)
}

/** A blob just written for an attachment; `created` is false when the same file was there already. */
export interface StoredBlob {
  attachment: Attachment
  blobName: string
  created: boolean
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}

/** The first 64 KiB of a file, for its media type and image size. */
async function readHead(path: string): Promise<Uint8Array> {
  let handle
  try {
    ;({ handle } = await openRegularFile(path))
    const buffer = Buffer.alloc(64 * 1024)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    return buffer.subarray(0, bytesRead)
  } catch (error) {
    throw fsError(error, path)
  } finally {
    await handle?.close()
  }
}

/**
 * blobs/xx/NAME: one STREAM-encrypted file per attachment, named by the keyed hash of its
 * plaintext, so the same file attached twice is stored once and a seized disk does not say
 * which known files it holds. Blobs never change once written.
 */
export class BlobStore {
  constructor(
    private readonly dir: string,
    private readonly sodium: Sodium,
    private readonly random: RandomBytes,
    /** the app's threads for large files; null: each large file starts its own */
    private readonly threads: SealThreadPool | null = null
  ) {}

  path(name: string): string {
    return join(this.dir, BLOBS_DIR, name.slice(0, 2), name)
  }

  /** The blob's path as the user sees it in an error: relative to the vault. */
  private shownPath(name: string): string {
    return `${BLOBS_DIR}/${name.slice(0, 2)}/${name}`
  }

  /**
   * Encrypts one attachment into a temp file, fsyncs it and renames it to its name (or drops
   * it when that blob exists). The plaintext's SHA-256 is computed on the way. `onBytes`
   * hears the bytes of a file from a path sealed so far, every few MiB.
   */
  async store(
    keys: VaultKeys,
    file: AttachmentInput,
    onBytes?: (bytesDone: number) => void
  ): Promise<StoredBlob> {
    const head = 'bytes' in file ? file.bytes.subarray(0, 64 * 1024) : await readHead(file.path)
    const name = 'bytes' in file ? file.name : (file.name ?? basename(file.path))
    const mediaType = file.mediaType ?? sniffMediaType(name, head)
    const blobsDir = join(this.dir, BLOBS_DIR)
    let sealedDigest: { sha256: Uint8Array; size: number }
    const tempPath = join(blobsDir, `${TEMP_PREFIX}${toHex(this.random(8))}`)
    const handle = await open(tempPath, 'wx', 0o600).catch((error: unknown) => {
      throw fsError(error, tempPath)
    })
    try {
      if ('bytes' in file) {
        await sealBytesInto(
          this.sodium,
          handle,
          tempPath,
          keys.blobs,
          StreamPurpose.blob,
          0,
          file.bytes
        )
        sealedDigest = {
          sha256: createHash('sha256').update(file.bytes).digest(),
          size: file.bytes.length
        }
      } else {
        sealedDigest = await sealFileInto(
          this.sodium,
          file.path,
          handle,
          tempPath,
          keys.blobs,
          StreamPurpose.blob,
          onBytes,
          file.digest?.path === file.path ? file.digest : undefined,
          this.threads ?? undefined
        )
      }
      await handle.sync()
    } catch (error) {
      await handle.close().catch(() => undefined)
      await rm(tempPath, { force: true })
      throw fsError(error, tempPath)
    }
    await handle.close()
    const nameHex = blobName(this.sodium, keys.blobNames, sealedDigest.sha256)
    const finalPath = this.path(nameHex)
    let created = false
    try {
      if (await exists(finalPath)) {
        await rm(tempPath, { force: true })
      } else {
        await mkdir(join(blobsDir, nameHex.slice(0, 2)), { recursive: true, mode: 0o700 })
        await rename(tempPath, finalPath)
        await fsyncDirectory(join(blobsDir, nameHex.slice(0, 2)))
        await fsyncDirectory(blobsDir)
        created = true
      }
    } catch (error) {
      await rm(tempPath, { force: true })
      throw fsError(error, finalPath)
    }
    const size = mediaType.startsWith('image/') ? imageSize(mediaType, head) : undefined
    const attachment: Attachment = {
      sha256: toSha256Hex(sealedDigest.sha256),
      size: sealedDigest.size,
      mediaType,
      name,
      role: file.role ?? 'original',
      ...(size !== undefined ? { width: size.width, height: size.height } : {})
    }
    return { attachment, blobName: nameHex, created }
  }

  /** Deletes blobs, then fsyncs each folder they were in, so the deletion survives power loss. */
  async remove(names: readonly string[]): Promise<void> {
    const folders = new Set<string>()
    for (const name of names) {
      await rm(this.path(name), { force: true })
      folders.add(join(this.dir, BLOBS_DIR, name.slice(0, 2)))
    }
    for (const folder of folders) await fsyncDirectory(folder)
  }

  /** Deletes every blob whose name is not in `used`, and returns how many. */
  async removeAllBut(used: ReadonlySet<string>): Promise<number> {
    const unused = (await listBlobFolderFiles(this.dir))
      .filter((file) => isBlobFile(file) && !used.has(file.name))
      .map((file) => file.name)
    await this.remove(unused)
    return unused.length
  }

  /** Decrypts one blob into memory. */
  async read(name: string, key: Uint8Array): Promise<Uint8Array> {
    try {
      const { plaintext } = await readSealedFile(
        this.sodium,
        this.path(name),
        key,
        StreamPurpose.blob
      )
      return plaintext
    } catch (error) {
      throw sealedFileError(error, this.shownPath(name))
    }
  }

  /** Decrypts one blob block by block; each block is valid only until the next. @returns its size */
  async stream(
    name: string,
    key: Uint8Array,
    onBlock: (block: Uint8Array) => Promise<void> | void
  ): Promise<number> {
    try {
      const { size } = await openSealedFile(
        this.sodium,
        this.path(name),
        key,
        StreamPurpose.blob,
        onBlock
      )
      return size
    } catch (error) {
      throw sealedFileError(error, this.shownPath(name))
    }
  }

  /** SHA-256 and size of a blob's plaintext, decrypted chunk by chunk and never held whole. */
  async hash(name: string, key: Uint8Array): Promise<{ sha256: string; size: number }> {
    const hash = createHash('sha256')
    const { size } = await openSealedFile(
      this.sodium,
      this.path(name),
      key,
      StreamPurpose.blob,
      (block) => {
        hash.update(block)
      }
    )
    return { sha256: hash.digest('hex'), size }
  }
}
