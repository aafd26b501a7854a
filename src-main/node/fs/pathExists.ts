import { lstat } from 'node:fs/promises'

/**
 * Whether anything has this name: a file, a folder, or a link, even one that points nowhere
 * (lstat), so a check before "never replace" does not miss a dangling link.
 */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await lstat(path)
    return true
  } catch {
    return false
  }
}
