import { readdir } from 'node:fs/promises'
import { TEMP_PREFIX } from '../fs/durable'

/**
 * The temporary files anywhere under `dir` (paths relative to it): what a failed or killed
 * write may leave, and what every failure path and every reopening must have removed.
 */
export async function tempFilesIn(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true })
  return names.filter((name) => name.split('/').some((part) => part.startsWith(TEMP_PREFIX)))
}
