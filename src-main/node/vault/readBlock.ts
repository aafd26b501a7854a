import type { FileHandle } from 'node:fs/promises'
import { STREAM_CHUNK_BYTES } from '../crypto/streamCipher'
import { fsError } from '../fs/fsError'

/** Plaintext read and sealed per I/O call: 64 chunks (4 MiB). */
export const BLOCK_CHUNKS = 64
export const BLOCK_BYTES = BLOCK_CHUNKS * STREAM_CHUNK_BYTES

/**
 * The bytes read into `into` (fewer only at the end of the file), at the handle's position,
 * or from `position` on: reads at given positions may be out at the same time.
 */
export async function readBlock(
  handle: FileHandle,
  into: Uint8Array,
  path: string,
  position?: number
): Promise<number> {
  let filled = 0
  try {
    while (filled < into.length) {
      const at = position === undefined ? null : position + filled
      const { bytesRead } = await handle.read(into, filled, into.length - filled, at)
      if (bytesRead === 0) break
      filled += bytesRead
    }
  } catch (error) {
    throw fsError(error, path)
  }
  return filled
}
