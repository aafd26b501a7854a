import { constants } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import { open, realpath } from 'node:fs/promises'
import { sep } from 'node:path'
import { DalelError } from '../../common/errors/DalelError'
import { fsError } from './fsError'

/**
 * Where the system, not the user, keeps files: `/proc/self/environ` reads as a regular file
 * holding the process environment (the passphrase, when it came from DALEL_PASSPHRASE), and
 * `/sys` and `/dev` hold endless or live files. Checked after resolving links, so a link in
 * the home folder pointing there is refused too.
 */
const SYSTEM_TREES = ['/proc', '/sys', '/dev']

function inSystemTree(real: string): boolean {
  return SYSTEM_TREES.some((tree) => real === tree || real.startsWith(`${tree}${sep}`))
}

/**
 * Opens a file the user named for reading into the vault, and only if it is an ordinary file.
 * O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer forever; the
 * check is made on the opened descriptor (fstat), so the file cannot be swapped for a device
 * between the check and the read. `/dev/zero` (endless), a FIFO (hangs), a socket or a
 * directory is refused with `not-a-regular-file`, anything under /proc, /sys or /dev with
 * `system-file-refused`. The caller closes the handle.
 */
export async function openRegularFile(path: string): Promise<{ handle: FileHandle; size: number }> {
  let real: string
  try {
    real = await realpath(path)
  } catch (error) {
    throw fsError(error, path)
  }
  if (process.platform !== 'win32' && inSystemTree(real))
    throw new DalelError('system-file-refused', { path })
  let handle: FileHandle
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY)
  } catch (error) {
    throw fsError(error, path)
  }
  try {
    const stats = await handle.stat()
    if (!stats.isFile()) throw new DalelError('not-a-regular-file', { path })
    return { handle, size: stats.size }
  } catch (error) {
    await handle.close()
    throw fsError(error, path)
  }
}
