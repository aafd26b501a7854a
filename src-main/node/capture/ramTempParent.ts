import { statfsSync } from 'node:fs'
import { statfs } from 'node:fs/promises'

/** Linux's statfs f_type of a tmpfs (RAM-backed) file system. */
export const TMPFS_MAGIC = 0x01021994

/**
 * Free room a RAM directory must have: Chromium keeps a tall page's bitmaps in /dev/shm
 * (below this Playwright moves them to the temp dir, and Chromium would crash), and a page's
 * whole MHTML passes through its temp dir.
 */
export const MIN_RAM_BYTES = 1024 * 1024 * 1024

/** What statfs(2) says of a file system, as far as the decision needs it. */
export interface FileSystemFacts {
  type: number
  /** blocks free to an unprivileged user */
  bavail: number
  /** bytes per block */
  bsize: number
}

/** Where the RAM directory is looked for: Linux's shared-memory file system. */
export const SHM_DIR = '/dev/shm'

/**
 * The directory a browser's temporary files can live in so they never reach a disk:
 * `/dev/shm` when it is a tmpfs with MIN_RAM_BYTES free, else null (macOS and Windows have
 * no such directory; a container's /dev/shm is often 64 MiB). Pure: `shm` is what statfs
 * said of /dev/shm, null when it could not be read.
 */
export function ramTempParent(shm: FileSystemFacts | null): string | null {
  return shm !== null && shm.type === TMPFS_MAGIC && shm.bavail * shm.bsize >= MIN_RAM_BYTES
    ? SHM_DIR
    : null
}

/** ramTempParent of this machine, asked now (the CLI, before each browser starts). */
export async function findRamTempParent(): Promise<string | null> {
  return ramTempParent(await statfs(SHM_DIR).catch(() => null))
}

/**
 * ramTempParent of this machine, synchronously: the desktop app must decide before Electron's
 * ready event, while its main module is still being evaluated.
 */
export function findRamTempParentSync(): string | null {
  try {
    return ramTempParent(statfsSync(SHM_DIR))
  } catch {
    return null
  }
}
