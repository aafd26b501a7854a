import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fsError } from '../fs/fsError'

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
  const root = join(dir, 'blobs')
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
