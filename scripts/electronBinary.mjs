// Where the Electron binary is, when it is there. Electron's install script downloads it from
// GitHub into node_modules/electron/dist and names it in path.txt; machines that cannot reach
// GitHub (this project's CI among them) install the package without it.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The binary path.txt names, or null when the download never happened or was removed. */
export function findElectronBinary(root) {
  const electronDir = join(root, 'node_modules', 'electron')
  const pathFile = join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}
