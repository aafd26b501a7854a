import { createHash, randomBytes } from 'node:crypto'
import { link, open, rm, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { DalelError } from '../../common/errors/DalelError'
import { TEMP_PREFIX } from '../fs/durable'
import { fsError } from '../fs/fsError'

export const LOCK_FILE = 'vault.lock'

/**
 * How long a writer waits for another process that is in the middle of replacing a stale
 * lock (it holds the break file below for a few system calls), or, where the file system
 * has no hard links, for a new lock's pid to be written.
 */
const WAIT_MS = 3000
const POLL_MS = 10

/** One vault.lock (or break file) as read: which file it was, and the pid it holds. */
interface LockFile {
  dev: number
  ino: number
  text: string
  mtimeMs: number
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The pid a lock file names, or null when it names none (empty, or not a number). */
function lockPid(lock: LockFile): number | null {
  const pid = Number(lock.text.trim())
  return lock.text.trim() !== '' && Number.isSafeInteger(pid) && pid > 0 ? pid : null
}

/**
 * Whether the process a lock file names still runs ('live'), is gone or was never written
 * ('stale'), or, where locks are made without hard links, is probably still writing its pid
 * into a lock it has just created ('writing').
 */
function holderState(
  lock: LockFile,
  own: OwnLockFile,
  ownPidIsLive: boolean
): 'live' | 'stale' | 'writing' {
  const pid = lockPid(lock)
  if (pid === null) return own.linkless && Date.now() - lock.mtimeMs < WAIT_MS ? 'writing' : 'stale'
  if (pid === process.pid) return ownPidIsLive ? 'live' : 'stale'
  return processAlive(pid) ? 'live' : 'stale'
}

function sameFile(a: LockFile | null, b: LockFile): boolean {
  return a !== null && a.dev === b.dev && a.ino === b.ino && a.text === b.text
}

/** Reads a lock file and says which file it was; null when there is none. */
async function readLock(path: string): Promise<LockFile | null> {
  let handle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw fsError(error, path)
  }
  try {
    const stats = await handle.stat()
    const text = await handle.readFile('utf8')
    return { dev: stats.dev, ino: stats.ino, text, mtimeMs: stats.mtimeMs }
  } finally {
    await handle.close()
  }
}

/** A file system that cannot hard-link (FAT, exFAT, some network shares). */
function noHardLinks(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS'
}

/**
 * One writer at a time: two processes appending to one journal would write two records at
 * one offset, and the second would overwrite the first after both were acknowledged.
 *
 * vault.lock holds the writer's pid from the instant it exists: it is a temp file, written
 * with the pid first and then hard-linked to the name, which fails if the name is taken.
 * A lock whose process no longer runs (a crash, a kill, a power cut), or that holds no pid,
 * is stale and is replaced; see removeStale for why only one process can do that.
 *
 * Where the file system has no hard links, the lock is created exclusively and the pid
 * written after; an empty lock younger than WAIT_MS is then taken as one being written.
 */
export async function acquireVaultLock(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_FILE)
  const own = new OwnLockFile(dir)
  const deadline = Date.now() + WAIT_MS
  try {
    for (;;) {
      const taken = await own.linkTo(path)
      if (taken !== null) return () => releaseLock(path, taken)
      const holder = await readLock(path)
      if (holder === null) continue
      // A lock of this very process is one it did not release (the app reopening after a
      // failure): taken over, as a dead process's would be.
      const state = holderState(holder, own, false)
      if (state !== 'stale') {
        if (state === 'live' || Date.now() > deadline) throw inUse(path, lockPid(holder))
        await sleep(POLL_MS)
        continue
      }
      await removeStale(path, holder, own, deadline)
    }
  } finally {
    await own.remove()
  }
}

function inUse(path: string, pid: number | null): DalelError {
  return new DalelError('vault-in-use', { path, pid: pid ?? '?' })
}

/** Removes vault.lock only while it is still the one this process created. */
async function releaseLock(path: string, ours: LockFile): Promise<void> {
  if (sameFile(await readLock(path).catch(() => null), ours)) await rm(path, { force: true })
}

/** The break file of one stale lock: named by the lock's name, inode and content. */
export function breakFilePath(
  path: string,
  stale: { dev: number; ino: number; text: string }
): string {
  const identity = `${basename(path)}\0${stale.dev}:${stale.ino}\0${stale.text}`
  const digest = createHash('sha256').update(identity).digest('hex').slice(0, 24)
  return join(dirname(path), `${TEMP_PREFIX}${LOCK_FILE}.break-${digest}`)
}

/**
 * Removes the stale lock `stale` at `path`, or returns once it is gone or replaced.
 *
 * Removing a file by name is not conditional: two processes that both read the stale lock
 * and both removed "it" would remove each other's new lock, and both would write. So the
 * removal is done only by the process that creates the break file of that one stale lock
 * (named by the lock's inode and content, created exclusively like the lock itself), after
 * it has read the lock again and found it unchanged. While the break file exists nobody
 * else removes that lock, and its owner is gone, so the lock read is the lock removed.
 * A process that died holding a break file left a stale break file, which is removed the
 * same way, one level down.
 */
async function removeStale(
  path: string,
  stale: LockFile,
  own: OwnLockFile,
  deadline: number
): Promise<void> {
  const breakPath = breakFilePath(path, stale)
  for (;;) {
    const taken = await own.linkTo(breakPath)
    if (taken !== null) {
      try {
        if (sameFile(await readLock(path), stale)) await unlink(path)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fsError(error, path)
      } finally {
        await rm(breakPath, { force: true })
      }
      return
    }
    if (!sameFile(await readLock(path), stale)) return
    const breaker = await readLock(breakPath)
    if (breaker === null) continue
    // Unlike vault.lock, a break file of this process is live: another open in this process
    // is replacing the same stale lock right now.
    const state = holderState(breaker, own, true)
    if (state !== 'stale') {
      if (Date.now() > deadline) throw inUse(path, lockPid(breaker))
      await sleep(POLL_MS)
      continue
    }
    await removeStale(breakPath, breaker, own, deadline)
  }
}

/**
 * A temp file that holds this process's pid, hard-linked to a lock's name to take it: the
 * name then never exists without the pid in it.
 */
class OwnLockFile {
  private readonly path: string
  /** the temp file once written */
  private written: LockFile | null = null
  /** set once the file system refused a hard link */
  linkless = false

  constructor(dir: string) {
    this.path = join(dir, `${TEMP_PREFIX}${LOCK_FILE}-${randomBytes(6).toString('hex')}`)
  }

  /** Takes `target` when nothing holds that name, and returns the lock as made; null when taken. */
  async linkTo(target: string): Promise<LockFile | null> {
    if (this.linkless) return this.createDirectly(target)
    const written = await this.write()
    try {
      await link(this.path, target)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EEXIST') return null
      // A writer that opened meanwhile removed temp files, ours among them.
      if (code === 'ENOENT') {
        this.written = null
        return this.linkTo(target)
      }
      if (!noHardLinks(error)) throw fsError(error, target)
      this.linkless = true
      return this.createDirectly(target)
    }
    // The temp file and the lock are now one file (one inode): what was written is the lock.
    return written
  }

  /** Writes the temp file once; returns it as a lock file (its inode and the pid in it). */
  private async write(): Promise<LockFile> {
    if (this.written !== null) return this.written
    const text = String(process.pid)
    try {
      const handle = await open(this.path, 'w', 0o600)
      try {
        await handle.writeFile(text)
        const stats = await handle.stat()
        this.written = { dev: stats.dev, ino: stats.ino, text, mtimeMs: stats.mtimeMs }
        return this.written
      } finally {
        await handle.close()
      }
    } catch (error) {
      throw fsError(error, this.path)
    }
  }

  private async createDirectly(target: string): Promise<LockFile | null> {
    let handle
    try {
      handle = await open(target, 'wx', 0o600)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null
      throw fsError(error, target)
    }
    try {
      await handle.writeFile(String(process.pid))
      const stats = await handle.stat()
      return { dev: stats.dev, ino: stats.ino, text: String(process.pid), mtimeMs: stats.mtimeMs }
    } finally {
      await handle.close()
    }
  }

  async remove(): Promise<void> {
    if (this.written !== null) await rm(this.path, { force: true })
  }
}
