import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFile, readdir, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { TEMP_PREFIX } from '../fs/durable'
import { deadPid } from '../testing/deadPid'
import { tempDir } from '../testing/testVault'
import { LOCK_FILE, acquireVaultLock, breakFilePath } from './vaultLock'

let dir: { path: string; remove: () => Promise<void> }
beforeEach(async () => {
  dir = await tempDir('dalel-lock-')
})
afterEach(async () => {
  await dir.remove()
})

/** Starts a process that runs until killed, and returns its pid and a way to end it. */
async function livingProcess(): Promise<{ pid: number; end: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  await once(child, 'spawn')
  if (child.pid === undefined) throw new Error('could not start a process')
  return {
    pid: child.pid,
    end: async () => {
      child.kill('SIGKILL')
      await once(child, 'exit')
    }
  }
}

const lockPath = () => join(dir.path, LOCK_FILE)

describe('acquireVaultLock', () => {
  it('writes the pid into the lock and removes it on release, leaving no temp file', async () => {
    const release = await acquireVaultLock(dir.path)
    expect(await readFile(lockPath(), 'utf8')).toBe(String(process.pid))
    expect((await readdir(dir.path)).filter((n) => n.startsWith(TEMP_PREFIX))).toEqual([])
    await release()
    expect(await readdir(dir.path)).toEqual([])
  })

  it('refuses a lock held by a running process with vault-in-use naming it', async () => {
    const other = await livingProcess()
    try {
      await writeFile(lockPath(), String(other.pid))
      await expect(acquireVaultLock(dir.path)).rejects.toMatchObject({
        code: 'vault-in-use',
        params: { pid: other.pid }
      })
      expect(await readFile(lockPath(), 'utf8')).toBe(String(other.pid))
    } finally {
      await other.end()
    }
  })

  it('takes over a lock left by a process that no longer runs, and an empty one', async () => {
    for (const stale of [String(await deadPid()), '']) {
      await writeFile(lockPath(), stale)
      const release = await acquireVaultLock(dir.path)
      expect(await readFile(lockPath(), 'utf8')).toBe(String(process.pid))
      await release()
    }
  })

  it('is not kept out by a break file a process left when it died replacing a stale lock', async () => {
    const stale = String(await deadPid())
    await writeFile(lockPath(), stale)
    const { dev, ino } = await stat(lockPath())
    const breakFile = breakFilePath(lockPath(), { dev, ino, text: stale })
    await writeFile(breakFile, String(await deadPid()))
    const release = await acquireVaultLock(dir.path)
    expect(await readFile(lockPath(), 'utf8')).toBe(String(process.pid))
    await expect(stat(breakFile)).rejects.toMatchObject({ code: 'ENOENT' })
    await release()
  })

  it('waits for a running process that is replacing the same stale lock, then names it', async () => {
    const stale = String(await deadPid())
    await writeFile(lockPath(), stale)
    const { dev, ino } = await stat(lockPath())
    const breaker = await livingProcess()
    try {
      await writeFile(breakFilePath(lockPath(), { dev, ino, text: stale }), String(breaker.pid))
      await expect(acquireVaultLock(dir.path)).rejects.toMatchObject({
        code: 'vault-in-use',
        params: { pid: breaker.pid }
      })
      // The stale lock was left to the process that holds its break file.
      expect(await readFile(lockPath(), 'utf8')).toBe(stale)
    } finally {
      await breaker.end()
    }
  })

  it('removes on release only its own lock, not one another process took over since', async () => {
    const release = await acquireVaultLock(dir.path)
    const other = await livingProcess()
    try {
      await writeFile(join(dir.path, 'replacement'), String(other.pid))
      await rename(join(dir.path, 'replacement'), lockPath())
      await release()
      expect(await readFile(lockPath(), 'utf8')).toBe(String(other.pid))
    } finally {
      await other.end()
    }
  })
})
