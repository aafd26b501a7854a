import { realpath, stat } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import type { PathPurpose } from '../common/contract/PathPurpose'

/**
 * The real path of `path`, links resolved: of the path itself when it exists, otherwise of
 * its nearest existing ancestor with the rest appended (an export's zip or a new vault's
 * folder does not exist yet). Null for a path that cannot be resolved.
 */
async function realPathOf(path: string): Promise<string | null> {
  const missing: string[] = []
  let current = resolve(path)
  for (;;) {
    try {
      return join(await realpath(current), ...missing.reverse())
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return null
      const parent = dirname(current)
      if (parent === current) return null
      missing.push(basename(current))
      current = parent
    }
  }
}

function isInside(folder: string, target: string): boolean {
  const inside = relative(folder, target)
  return inside === '' || (inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside))
}

/**
 * The files and folders the journalist picked in Dalel's own dialogs, each for one purpose.
 * The handlers ask `allows(purpose, path)` before reading or writing outside a vault
 * (createApiHandlers' allowPath), so a compromised page can name only what the person chose,
 * and only for what they chose it: a folder picked for exports does not let the page attach
 * a file from it, and a link placed inside a chosen folder that points at ~/.ssh does not
 * lead out of it, because both sides are compared after resolving links (realpath).
 * Removable drives the system lists are not chosen: they only let a backup be written there.
 */
export class ChosenPaths {
  private readonly files = new Map<PathPurpose, Set<string>>()
  private readonly folders = new Map<PathPurpose, Set<string>>()
  private readonly drives = new Set<string>()

  private add(map: Map<PathPurpose, Set<string>>, purpose: PathPurpose, real: string): void {
    let set = map.get(purpose)
    if (set === undefined) map.set(purpose, (set = new Set()))
    set.add(real)
  }

  async rememberFiles(purpose: PathPurpose, paths: readonly string[]): Promise<void> {
    for (const path of paths) {
      if (!isAbsolute(path) || path.includes('\0')) continue
      const real = await realPathOf(path)
      if (real !== null) this.add(this.files, purpose, real)
    }
  }

  /**
   * The file a save dialog returned: for a bundle it may take an export, for an attachment's
   * copy only that copy (a copy's path never lets the page overwrite it with a bundle).
   */
  async rememberSaveFile(purpose: 'export' | 'attachment', path: string): Promise<void> {
    await this.rememberFiles(purpose === 'export' ? 'export-destination' : 'attachment-copy', [
      path
    ])
  }

  /**
   * Files dropped on the window, granted for attaching as the open dialog's are; only
   * ordinary files (after links): a dropped folder or device is left out, and the page
   * says how many were. Returns the paths granted, in the order given.
   */
  async rememberDroppedFiles(paths: readonly string[]): Promise<string[]> {
    const granted: string[] = []
    for (const path of paths) {
      if (!isAbsolute(path) || path.includes('\0')) continue
      try {
        if (!(await stat(path)).isFile()) continue
      } catch {
        continue
      }
      await this.rememberFiles('attach-file', [path])
      granted.push(path)
    }
    return granted
  }

  async rememberFolder(purpose: PathPurpose, path: string): Promise<void> {
    if (!isAbsolute(path) || path.includes('\0')) return
    const real = await realPathOf(path)
    if (real !== null) this.add(this.folders, purpose, real)
  }

  /** The drive roots the system reported: a backup may go there, nothing else. */
  async rememberDrives(paths: readonly string[]): Promise<void> {
    this.drives.clear()
    for (const path of paths) {
      if (!isAbsolute(path) || path.includes('\0')) continue
      const real = await realPathOf(path)
      if (real !== null) this.drives.add(real)
    }
  }

  /** A file chosen for this purpose, or a folder chosen for it or anything inside it. */
  async allows(purpose: PathPurpose, path: string): Promise<boolean> {
    if (!isAbsolute(path) || path.includes('\0')) return false
    const target = await realPathOf(path)
    if (target === null) return false
    if (this.files.get(purpose)?.has(target) === true) return true
    const folders = [...(this.folders.get(purpose) ?? [])]
    if (purpose === 'backup-target') folders.push(...this.drives)
    return folders.some((folder) => isInside(folder, target))
  }

  /** On lock: the next person at the keyboard starts from nothing. */
  clear(): void {
    this.files.clear()
    this.folders.clear()
    this.drives.clear()
  }
}
