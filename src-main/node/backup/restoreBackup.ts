import { createHash } from 'node:crypto'
import { mkdir, open, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { DalelError } from '../../common/errors/DalelError'
import { fsError } from '../fs/fsError'
import { fsyncDirectory } from '../fs/durable'
import { BLOBS_DIR, JOURNAL_FILE, SNAPSHOT_FILE, VAULT_FILE, Vault } from '../vault/Vault'
import type { UnlockSecret, VaultDeps } from '../vault/Vault'
import type { VerifyReport } from '../vault/verifyVault'
import type { BackupIo } from './backupIo'
import type { BackupFile } from './backupManifest'
import { verifyBackup } from './verifyBackup'

function vaultPathOf(file: BackupFile): string {
  switch (file.role) {
    case 'header':
      return VAULT_FILE
    case 'snapshot':
      return SNAPSHOT_FILE
    case 'journal':
      return JOURNAL_FILE
    case 'blob':
      return file.path
  }
}

/**
 * Restores a backup into a new vault directory, which must not exist or be empty. Every
 * file is checked against the signed manifest, copied and checked again as it is written,
 * then the vault is unlocked with the passphrase or recovery code and verified whole, and
 * its head must be the one the backup recorded. On any failure the new directory is
 * removed; the backup is never modified.
 */
export async function restoreBackup(
  io: BackupIo,
  backupDir: string,
  vaultDir: string,
  secret: UnlockSecret,
  deps: VaultDeps
): Promise<{ vault: Vault; report: VerifyReport }> {
  const checked = await verifyBackup(io, backupDir)
  const first = checked.problems[0]
  if (!checked.ok || checked.manifest === null) {
    throw new DalelError('backup-damaged', {
      file: first?.file ?? 'manifest.json',
      detail: first?.detail ?? ''
    })
  }
  const manifest = checked.manifest
  let existed = true
  try {
    if ((await readdir(vaultDir)).length > 0)
      throw new DalelError('vault-exists', { path: vaultDir })
  } catch (error) {
    if (error instanceof DalelError) throw error
    existed = false
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fsError(error, vaultDir)
  }
  let vault: Vault | undefined
  try {
    await mkdir(join(vaultDir, BLOBS_DIR), { recursive: true, mode: 0o700 })
    const dirs = new Set<string>([vaultDir, join(vaultDir, BLOBS_DIR)])
    for (const file of manifest.files) {
      const target = join(vaultDir, vaultPathOf(file))
      const folder = join(target, '..')
      await mkdir(folder, { recursive: true, mode: 0o700 })
      dirs.add(folder)
      if ((await copyHashing(join(backupDir, file.path), target)) !== file.sha256) {
        throw new DalelError('backup-damaged', {
          file: file.path,
          detail: 'changed while it was restored'
        })
      }
    }
    for (const folder of dirs) await fsyncDirectory(folder)
    vault = await Vault.open(vaultDir, secret, {}, deps)
    const report = await vault.verify()
    if (!report.ok) {
      const problem = report.problems[0]
      throw new DalelError('backup-damaged', {
        file: problem?.file ?? `#${problem?.seq ?? '?'}`,
        detail: problem?.code ?? ''
      })
    }
    const head = report.head ?? { seq: 0, chain: '' }
    if (head.seq !== manifest.head.seq || head.chain !== manifest.head.chain) {
      throw new DalelError('backup-damaged', {
        file: 'manifest.json',
        detail: 'the restored head differs from the one the backup recorded'
      })
    }
    return { vault, report }
  } catch (error) {
    await vault?.close().catch(() => undefined)
    // Remove what the restore wrote; an empty folder the user made stays.
    if (existed) {
      for (const name of await readdir(vaultDir).catch(() => []))
        await rm(join(vaultDir, name), { recursive: true, force: true })
    } else {
      await rm(vaultDir, { recursive: true, force: true })
    }
    throw error
  }
}

/** Copies a file durably (fsync), returning the SHA-256 of what was copied. */
async function copyHashing(from: string, to: string): Promise<string> {
  const source = await open(from, 'r').catch((error: unknown) => {
    throw fsError(error, from)
  })
  try {
    const target = await open(to, 'wx', 0o600).catch((error: unknown) => {
      throw fsError(error, to)
    })
    try {
      const hash = createHash('sha256')
      const buffer = Buffer.alloc(4 * 1024 * 1024)
      for (;;) {
        const { bytesRead } = await source.read(buffer, 0, buffer.length, null)
        if (bytesRead === 0) break
        hash.update(buffer.subarray(0, bytesRead))
        let written = 0
        while (written < bytesRead)
          written += (await target.write(buffer, written, bytesRead - written)).bytesWritten
      }
      await target.sync()
      return hash.digest('hex')
    } catch (error) {
      throw fsError(error, to)
    } finally {
      await target.close()
    }
  } finally {
    await source.close()
  }
}
