import { createRequire } from 'node:module'

let sodiumPath: string | null | undefined

/**
 * Where a worker thread loads libsodium from (`require` of this path), or null where it cannot
 * be found — the caller then does the work on its own thread. Electron's workers read modules
 * inside app.asar (electron/electron#33216).
 */
export function sodiumModulePath(): string | null {
  if (sodiumPath === undefined) {
    try {
      sodiumPath = createRequire(import.meta.url).resolve('libsodium-wrappers-sumo')
    } catch {
      sodiumPath = null
    }
  }
  return sodiumPath
}
