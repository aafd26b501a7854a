import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DalelError } from '../../common/errors/DalelError'

/** Where scripts/build-verify-page.mjs writes the page, relative to the package root. */
export const VERIFY_PAGE_PATH = join('resources', 'bundle', 'verify.html')

async function isDalelRoot(dir: string): Promise<boolean> {
  try {
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: unknown }
    return pkg.name === 'dalel'
  } catch {
    return false
  }
}

/**
 * The package root: the nearest folder above this module with Dalel's package.json. This
 * module runs from src-main/ under the tests and from out/cli/ or out/main/ once built.
 */
async function packageRoot(): Promise<string> {
  const start = dirname(fileURLToPath(import.meta.url))
  for (let dir = start; ; dir = dirname(dir)) {
    if (await isDalelRoot(dir)) return dir
    if (dirname(dir) === dir) throw new DalelError('file-not-found', { path: VERIFY_PAGE_PATH })
  }
}

/**
 * verify.html's bytes, for the exporter to put in a bundle. The page is built at build time
 * (esbuild is a devDependency, absent where Dalel is installed), so this only reads it.
 * @param root the package root; the app passes its resources folder's parent
 */
export async function verifyPageHtml(root?: string): Promise<Uint8Array> {
  const path = join(root ?? (await packageRoot()), VERIFY_PAGE_PATH)
  try {
    return new Uint8Array(await readFile(path))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // Missing means the build step did not run: `npm run build` makes it.
    throw new DalelError(code === 'ENOENT' ? 'file-not-found' : 'file-unreadable', {
      path,
      reason: code ?? String(error)
    })
  }
}
