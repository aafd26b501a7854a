import { open } from 'node:fs/promises'
import { join } from 'node:path'
import type { Sodium } from '../crypto/loadSodium'
import { StreamPurpose } from '../crypto/streamCipher'
import { DatabaseImage } from '../db/DatabaseImage'
import { replaceFileDurably } from '../fs/durable'
import { openSealedBytes, sealBytesInto } from './sealedFile'
import { sealedFileError } from './sealedFileError'
import type { VaultKeys } from './vaultKeys'
import { SNAPSHOT_FILE } from './vaultTypes'

/** snapshot.bin as read: in a buffer with room to be decrypted in place and then grow (DatabaseImage). */
export interface SnapshotBytes {
  memory: ArrayBuffer
  length: number
}

/** Reads snapshot.bin into memory sized for the database it holds. */
export async function readSnapshotFile(path: string): Promise<SnapshotBytes> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    const memory = DatabaseImage.allocate(size)
    const bytes = new Uint8Array(memory, 0, size)
    let filled = 0
    while (filled < size) {
      const { bytesRead } = await handle.read(bytes, filled, size - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return { memory, length: filled }
  } finally {
    await handle.close()
  }
}

/** Decrypts the snapshot where it was read; the plaintext is a DatabaseImage over the same memory. */
export function openSnapshot(
  sodium: Sodium,
  file: SnapshotBytes,
  keys: VaultKeys
): { generation: number; plaintext: DatabaseImage } {
  try {
    const { generation, size } = openSealedBytes(
      sodium,
      new Uint8Array(file.memory, 0, file.length),
      keys.snapshot,
      StreamPurpose.snapshot
    )
    return { generation, plaintext: new DatabaseImage(file.memory, 0, size) }
  } catch (error) {
    throw sealedFileError(error, SNAPSHOT_FILE)
  }
}

/** Writes snapshot.bin of `generation` durably: temp file, fsync, rename, fsync the directory. */
export async function writeSnapshot(
  sodium: Sodium,
  dir: string,
  keys: VaultKeys,
  generation: number,
  image: Uint8Array
): Promise<void> {
  await replaceFileDurably(join(dir, SNAPSHOT_FILE), (handle, tempPath) =>
    sealBytesInto(
      sodium,
      handle,
      tempPath,
      keys.snapshot,
      StreamPurpose.snapshot,
      generation,
      image
    )
  )
}
