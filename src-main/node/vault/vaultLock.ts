import { open, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { DalelError } from '../../common/errors/DalelError'
import { fsError } from '../fs/fsError'

export const LOCK_FILE = 'vault.lock'

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * One writer at a time: two processes appending to one journal would interleave records.
 * The lock file holds the writer's pid; a lock left by a process that no longer runs (a
 * crash, a kill) is taken over.
 */
export async function acquireVaultLock(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_FILE)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600)
      await handle.writeFile(String(process.pid))
      await handle.close()
      return async () => {
        await rm(path, { force: true })
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw fsError(error, path)
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim())
      if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
        throw new DalelError('io-error', { path, reason: `in use by process ${pid}` })
      }
      await rm(path, { force: true })
    }
  }
  throw new DalelError('io-error', { path, reason: 'could not take the vault lock' })
}
