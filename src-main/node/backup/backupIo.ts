import { createHash } from 'node:crypto'
import { constants } from 'node:fs'
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { fsyncDirectory } from '../fs/durable'
import { fsError } from '../fs/fsError'

/** An open file being written on the backup target. */
export interface TargetWriter {
  write(chunk: Uint8Array): Promise<void>
  sync(): Promise<void>
  close(): Promise<void>
}

/**
 * The file operations a backup performs on its target, received rather than reached for,
 * so tests can make the target fill up or vanish (ENOSPC, EIO) at a chosen byte.
 */
export interface BackupIo {
  createExclusive(path: string): Promise<TargetWriter>
  rename(from: string, to: string): Promise<void>
  remove(path: string): Promise<void>
  mkdirp(path: string): Promise<void>
  fsyncDirectory(path: string): Promise<void>
  readFile(path: string): Promise<Uint8Array>
  /** SHA-256 (hex) and size of a file, read back from the target */
  hashFile(path: string): Promise<{ sha256: string; size: number }>
  size(path: string): Promise<number | null>
  list(path: string): Promise<string[]>
}

export const nodeBackupIo: BackupIo = {
  async createExclusive(path) {
    const handle = await open(
      path,
      constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY,
      0o600
    ).catch((error: unknown) => {
      throw fsError(error, path)
    })
    return {
      async write(chunk) {
        let offset = 0
        while (offset < chunk.length) {
          const { bytesWritten } = await handle
            .write(chunk, offset, chunk.length - offset)
            .catch((error: unknown) => {
              throw fsError(error, path)
            })
          offset += bytesWritten
        }
      },
      async sync() {
        await handle.sync().catch((error: unknown) => {
          throw fsError(error, path)
        })
      },
      async close() {
        await handle.close()
      }
    }
  },
  async rename(from, to) {
    await rename(from, to).catch((error: unknown) => {
      throw fsError(error, to)
    })
  },
  async remove(path) {
    await rm(path, { force: true, recursive: true })
  },
  async mkdirp(path) {
    await mkdir(path, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
      throw fsError(error, path)
    })
  },
  fsyncDirectory,
  async readFile(path) {
    return readFile(path).catch((error: unknown) => {
      throw fsError(error, path)
    })
  },
  async hashFile(path) {
    const handle = await open(path, 'r').catch((error: unknown) => {
      throw fsError(error, path)
    })
    try {
      const hash = createHash('sha256')
      const buffer = Buffer.alloc(4 * 1024 * 1024)
      let size = 0
      for (;;) {
        const { bytesRead } = await handle
          .read(buffer, 0, buffer.length, null)
          .catch((error: unknown) => {
            throw fsError(error, path)
          })
        if (bytesRead === 0) break
        hash.update(buffer.subarray(0, bytesRead))
        size += bytesRead
      }
      return { sha256: hash.digest('hex'), size }
    } finally {
      await handle.close()
    }
  },
  async size(path) {
    try {
      return (await stat(path)).size
    } catch {
      return null
    }
  },
  async list(path) {
    try {
      return await readdir(path)
    } catch {
      return []
    }
  }
}
