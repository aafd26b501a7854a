import { isAbsolute, relative, resolve, sep } from 'node:path'

/**
 * The files and folders the journalist picked in Dalel's own dialogs. The handlers ask
 * `allows(path)` before reading or writing outside a vault (createApiHandlers' allowPath), so
 * a compromised page can name only what the person chose: it cannot make Dalel attach
 * ~/.ssh/id_ed25519 or write a bundle over a system file.
 */
export class ChosenPaths {
  private readonly files = new Set<string>()
  private readonly folders = new Set<string>()

  rememberFiles(paths: readonly string[]): void {
    for (const path of paths) if (isAbsolute(path)) this.files.add(resolve(path))
  }

  rememberFolder(path: string): void {
    if (isAbsolute(path)) this.folders.add(resolve(path))
  }

  /** A chosen file itself, or a chosen folder or anything inside it. */
  allows(path: string): boolean {
    if (!isAbsolute(path) || path.includes('\0')) return false
    const target = resolve(path)
    if (this.files.has(target)) return true
    for (const folder of this.folders) {
      const inside = relative(folder, target)
      if (inside === '') return true
      if (inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside)) return true
    }
    return false
  }

  /** On lock: the next person at the keyboard starts from nothing. */
  clear(): void {
    this.files.clear()
    this.folders.clear()
  }
}
