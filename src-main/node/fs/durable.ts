import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { access, link, open, rename, rm, unlink } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { DalelError } from '../../common/errors/DalelError'
import { fsError } from './fsError'

/** Prefix of every temporary file Dalel writes; openVault removes leftovers. */
export const TEMP_PREFIX = '.tmp-'

/** fsync a directory, so a rename or a new file in it survives power loss. */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined
  try {
    handle = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY)
    await handle.sync()
  } catch (error) {
    throw fsError(error, dir)
  } finally {
    await handle?.close()
  }
}

/** Writes all of `data` at the handle's position, looping over short writes. */
export async function writeAll(handle: FileHandle, data: Uint8Array, path: string): Promise<void> {
  let offset = 0
  try {
    while (offset < data.length) {
      const { bytesWritten } = await handle.write(data, offset, data.length - offset)
      offset += bytesWritten
    }
  } catch (error) {
    throw fsError(error, path)
  }
}

/**
 * Replaces `path` atomically and durably: the content goes to a temporary file in the same
 * directory, is fsynced, renamed over `path`, and the directory is fsynced. A crash at any
 * moment leaves either the old file or the new one, never a mix; a failure (a full disk, a
 * pulled drive) leaves the old file untouched and removes the temporary one.
 */
export async function replaceFileDurably(
  path: string,
  write: (handle: FileHandle, tempPath: string) => Promise<void>
): Promise<void> {
  const dir = dirname(path)
  const tempPath = join(dir, `${TEMP_PREFIX}${basename(path)}-${randomBytes(6).toString('hex')}`)
  let handle: FileHandle | undefined
  try {
    handle = await open(tempPath, 'wx', 0o600)
    await write(handle, tempPath)
    await handle.sync()
    await handle.close()
    handle = undefined
    await rename(tempPath, path)
  } catch (error) {
    await handle?.close().catch(() => undefined)
    await rm(tempPath, { force: true }).catch(() => undefined)
    // Name the file the user knows, not the temporary one the failure happened in.
    const original = error instanceof DalelError && error.cause !== undefined ? error.cause : error
    throw fsError(original, path)
  }
  await fsyncDirectory(dir)
}

export async function writeFileDurably(path: string, data: Uint8Array): Promise<void> {
  await replaceFileDurably(path, (handle, tempPath) => writeAll(handle, data, tempPath))
}

/**
 * Moves a finished file into place only if nothing is there yet: false, and `from` left as
 * it is, when `to` exists. A hard link fails atomically on an existing name; where the file
 * system has no links (FAT and exFAT USB drives), the name is looked up and then renamed,
 * which leaves a moment in which another program could create it.
 */
export async function moveNoReplace(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to)
  } catch (error) {
    if ((error as NodeJS.ErrnoException | null)?.code === 'EEXIST') return false
    try {
      await access(to)
      return false
    } catch {
      await rename(from, to)
      return true
    }
  }
  await unlink(from)
  return true
}
