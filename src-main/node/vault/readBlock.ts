import type { FileHandle } from 'node:fs/promises'
import { STREAM_CHUNK_BYTES } from '../crypto/streamCipher'
import { fsError } from '../fs/fsError'

/** Plaintext read and sealed per I/O call: 64 chunks (4 MiB). */
export const BLOCK_CHUNKS = 64
export const BLOCK_BYTES = BLOCK_CHUNKS * STREAM_CHUNK_BYTES

/** The bytes read into `into` at the handle's position (fewer only at the end of the file). */
export async function readBlock(
  handle: FileHandle,
  into: Uint8Array,
  path: string
): Promise<number> {
  let filled = 0
  try {
    while (filled < into.length) {
      const { bytesRead } = await handle.read(into, filled, into.length - filled, null)
      if (bytesRead === 0) break
      filled += bytesRead
    }
  } catch (error) {
    throw fsError(error, path)
  }
  return filled
}
