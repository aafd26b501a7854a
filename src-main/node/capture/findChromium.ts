import { constants } from 'node:fs'
import { access } from 'node:fs/promises'
import { delimiter, join } from 'node:path'

/** Names a system Chromium goes by on Linux distributions, and Chrome's. */
export const CHROMIUM_NAMES = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable'
] as const

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * The browser to capture with: `explicit` (--browser), else DALEL_CHROMIUM, else the first
 * of CHROMIUM_NAMES on PATH. An explicit path is returned even when it is not executable,
 * so that launching it fails with its own name in the message.
 */
export async function findChromium(
  env: NodeJS.ProcessEnv,
  explicit?: string
): Promise<string | null> {
  if (explicit !== undefined && explicit !== '') return explicit
  const fromEnv = env.DALEL_CHROMIUM
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue
    for (const name of CHROMIUM_NAMES) {
      const candidate = join(dir, name)
      if (await isExecutable(candidate)) return candidate
    }
  }
  return null
}
