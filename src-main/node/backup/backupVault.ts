import { createHash, randomBytes } from 'node:crypto'
import { open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import type { Clock } from '../../common/crypto/EvidenceCrypto'
import { toHex } from '../../common/encoding/hex'
import { DalelError } from '../../common/errors/DalelError'
import { fsError } from '../fs/fsError'
import { TEMP_PREFIX } from '../fs/durable'
import type { BackupSources } from '../vault/Vault'
import { parseVaultHeader } from '../vault/vaultHeader'
import type { BackupIo } from './backupIo'
import {
  BACKUP_FORMAT,
  BACKUP_MANIFEST,
  BACKUP_SIGNATURE_LABEL,
  manifestSigningBytes,
  parseBackupManifest
} from './backupManifest'
import type { BackupFile, BackupManifest, SignedBackupManifest } from './backupManifest'

const CHUNK = 4 * 1024 * 1024

export interface BackupProgress {
  /** bytes copied so far, of `bytesTotal` that this backup has to write */
  bytesDone: number
  bytesTotal: number
}

export interface BackupResult {
  manifest: SignedBackupManifest
  bytesWritten: number
  filesWritten: number
  filesReused: number
}

export interface BackupDeps {
  io: BackupIo
  clock: Clock
  /** the vault's signDocument */
  sign: (label: string, bytes: Uint8Array) => Uint8Array
  vaultId: string
  publicKey: string
  onProgress?: (progress: BackupProgress) => void
}

/** Reads the manifest in `dir`, or null when there is none. A damaged one is an error. */
export async function readBackupManifest(
  io: BackupIo,
  dir: string
): Promise<SignedBackupManifest | null> {
  if ((await io.size(join(dir, BACKUP_MANIFEST))) === null) return null
  return parseBackupManifest(
    new TextDecoder().decode(await io.readFile(join(dir, BACKUP_MANIFEST)))
  )
}

/** Source bytes as chunks: from an open handle up to `length`, or from a path. */
async function* chunksOf(
  source:
    { handle: FileHandle; length: number; name: string } | { path: string } | { bytes: Uint8Array }
): AsyncGenerator<Uint8Array> {
  if ('bytes' in source) {
    yield source.bytes
    return
  }
  const owned = 'path' in source
  const handle = owned
    ? await open(source.path, 'r').catch((error: unknown) => {
        throw fsError(error, source.path)
      })
    : source.handle
  try {
    const limit = owned ? Infinity : source.length
    const buffer = Buffer.alloc(CHUNK)
    let position = 0
    while (position < limit) {
      const want = Math.min(buffer.length, limit - position)
      const { bytesRead } = await handle.read(buffer, 0, want, position).catch((error: unknown) => {
        throw fsError(error, owned ? source.path : source.name)
      })
      if (bytesRead === 0) break
      position += bytesRead
      yield buffer.subarray(0, bytesRead)
    }
  } finally {
    if (owned) await handle.close()
  }
}

async function hashSource(
  source: Parameters<typeof chunksOf>[0]
): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of chunksOf(source)) {
    hash.update(chunk)
    size += chunk.length
  }
  return { sha256: hash.digest('hex'), size }
}

/**
 * Makes `dir` ready for a backup of vault `vaultId` and returns the backup already there, or
 * null. Refuses, before anything is written to the vault or the drive, a folder that cannot be
 * made or that holds another vault's backup — so the custody entry recorded before a backup
 * (recordBackup) is never written for a folder that could not take it.
 */
export async function checkBackupTarget(
  io: BackupIo,
  dir: string,
  vaultId: string
): Promise<SignedBackupManifest | null> {
  await io.mkdirp(join(dir, 'blobs'))
  let previous: SignedBackupManifest | null
  try {
    previous = await readBackupManifest(io, dir)
  } catch (error) {
    // A damaged manifest is no previous backup to keep; a new complete one replaces it. But
    // the files beside it may be another vault's (a drive pulled while its manifest was
    // written): the clean-up after the switch would delete them, so that is refused.
    if (!(error instanceof DalelError && error.code === 'vault-corrupt')) throw error
    previous = null
    for (const name of await io.list(dir)) {
      if (!/^vault-[0-9a-f]{16}\.json$/.test(name)) continue
      const other = await readHeaderCopy(io, join(dir, name))
      if (other !== null && other !== vaultId) {
        throw new DalelError('backup-of-another-vault', { path: dir, vaultId: other })
      }
    }
  }
  if (previous !== null && previous.vaultId !== vaultId) {
    throw new DalelError('backup-of-another-vault', { path: dir, vaultId: previous.vaultId })
  }
  return previous
}

/**
 * Backs the vault up into `dir` (DESIGN "Backups"): the vault's encrypted files as they are,
 * only what the previous backup lacks, each written to a temporary file, fsynced, read back
 * and hashed, and renamed into place; then a new signed manifest replaces the old one
 * atomically, and only then are files of the previous backup that are no longer needed
 * removed. Until that switch the previous backup is intact and restorable.
 */
export async function backupVault(
  sources: BackupSources,
  dir: string,
  deps: BackupDeps
): Promise<BackupResult> {
  const { io } = deps
  const previous = await checkBackupTarget(io, dir, deps.vaultId)
  const known = new Map((previous?.files ?? []).map((f) => [f.path, f]))

  type Plan = {
    role: BackupFile['role']
    path: string
    source: Parameters<typeof chunksOf>[0]
    size: number
    sha256?: string
  }
  const plans: Plan[] = []
  const header = { bytes: sources.vaultJson }
  const headerHash = await hashSource(header)
  plans.push({
    role: 'header',
    path: `vault-${headerHash.sha256.slice(0, 16)}.json`,
    source: header,
    ...headerHash
  })
  for (const role of ['snapshot', 'journal'] as const) {
    const source = { ...sources[role], name: `${role}.bin` }
    const hashed = await hashSource(source)
    plans.push({ role, path: `${role}-${hashed.sha256.slice(0, 16)}.bin`, source, ...hashed })
  }
  for (const blob of sources.blobs) {
    const path = `blobs/${blob.name.slice(0, 2)}/${blob.name}`
    const size = await io.size(blob.path)
    if (size === null) throw new DalelError('file-not-found', { path: blob.path })
    plans.push({ role: 'blob', path, source: { path: blob.path }, size })
  }

  const files: BackupFile[] = []
  const toWrite: Plan[] = []
  for (const plan of plans) {
    const before = known.get(plan.path)
    // Blob names are keyed hashes of their content, so a blob listed by the previous
    // manifest with the same size is the same file; the others were hashed above.
    const same =
      before !== undefined &&
      before.size === plan.size &&
      (plan.sha256 === undefined || plan.sha256 === before.sha256)
    const onTarget = await io.size(join(dir, plan.path))
    if (same && onTarget === plan.size) {
      files.push(before)
    } else if (before === undefined && plan.role === 'blob' && onTarget === plan.size) {
      // Left complete by an interrupted backup: reading both is far cheaper than rewriting.
      const [target, source] = await Promise.all([
        io.hashFile(join(dir, plan.path)),
        hashSource(plan.source)
      ])
      if (target.sha256 === source.sha256)
        files.push({ path: plan.path, role: 'blob', size: plan.size, sha256: target.sha256 })
      else toWrite.push(plan)
    } else {
      toWrite.push(plan)
    }
  }

  const progress = { bytesDone: 0, bytesTotal: toWrite.reduce((sum, p) => sum + p.size, 0) }
  deps.onProgress?.({ ...progress })
  const touchedDirs = new Set<string>()
  for (const plan of toWrite) {
    const finalPath = join(dir, plan.path)
    const folder = join(finalPath, '..')
    await io.mkdirp(folder)
    const tempPath = join(folder, `${TEMP_PREFIX}${randomBytes(6).toString('hex')}`)
    const writer = await io.createExclusive(tempPath)
    const hash = createHash('sha256')
    let size = 0
    try {
      for await (const chunk of chunksOf(plan.source)) {
        hash.update(chunk)
        await writer.write(chunk)
        size += chunk.length
        progress.bytesDone += chunk.length
        deps.onProgress?.({ ...progress })
      }
      await writer.sync()
    } catch (error) {
      await writer.close().catch(() => undefined)
      await io.remove(tempPath).catch(() => undefined)
      throw fsError(error, finalPath)
    }
    await writer.close()
    const sha256 = hash.digest('hex')
    if (plan.sha256 !== undefined && plan.sha256 !== sha256) {
      await io.remove(tempPath)
      throw new DalelError('io-error', {
        path: plan.path,
        reason: 'the source changed while it was copied'
      })
    }
    // Read back what the target now holds and compare, before the manifest may name it.
    const readBack = await io.hashFile(tempPath)
    if (readBack.sha256 !== sha256 || readBack.size !== size) {
      await io.remove(tempPath)
      throw new DalelError('io-error', {
        path: finalPath,
        reason: 'what was read back differs from what was written'
      })
    }
    await io.rename(tempPath, finalPath)
    touchedDirs.add(folder)
    files.push({ path: plan.path, role: plan.role, size, sha256 })
  }
  for (const folder of touchedDirs) await io.fsyncDirectory(folder)
  await io.fsyncDirectory(join(dir, 'blobs'))

  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: 1,
    vaultId: deps.vaultId,
    publicKey: deps.publicKey,
    createdAt: deps.clock.now().toISOString(),
    head: sources.head,
    files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  }
  const signed: SignedBackupManifest = {
    ...manifest,
    signature: toHex(deps.sign(BACKUP_SIGNATURE_LABEL, manifestSigningBytes(manifest)))
  }
  const manifestTemp = join(
    dir,
    `${TEMP_PREFIX}${BACKUP_MANIFEST}-${randomBytes(6).toString('hex')}`
  )
  const writer = await io.createExclusive(manifestTemp)
  try {
    await writer.write(new TextEncoder().encode(`${JSON.stringify(signed, null, 2)}\n`))
    await writer.sync()
  } catch (error) {
    await writer.close().catch(() => undefined)
    await io.remove(manifestTemp).catch(() => undefined)
    throw error
  }
  await writer.close()
  await io.rename(manifestTemp, join(dir, BACKUP_MANIFEST))
  await io.fsyncDirectory(dir)

  await removeUnlisted(io, dir, new Set(files.map((f) => f.path)))
  return {
    manifest: signed,
    bytesWritten: progress.bytesTotal,
    filesWritten: toWrite.length,
    filesReused: files.length - toWrite.length
  }
}

/** After the switch: files of earlier backups and temporaries of interrupted ones. */
async function removeUnlisted(io: BackupIo, dir: string, listed: Set<string>): Promise<void> {
  const ours = /^(vault-[0-9a-f]{16}\.json|snapshot-[0-9a-f]{16}\.bin|journal-[0-9a-f]{16}\.bin)$/
  for (const name of await io.list(dir)) {
    if ((ours.test(name) && !listed.has(name)) || name.startsWith(TEMP_PREFIX))
      await io.remove(join(dir, name))
  }
  for (const folder of await io.list(join(dir, 'blobs'))) {
    if (!/^[0-9a-f]{2}$/.test(folder)) continue
    for (const name of await io.list(join(dir, 'blobs', folder))) {
      const path = `blobs/${folder}/${name}`
      if (name.startsWith(TEMP_PREFIX) || (/^[0-9a-f]{64}$/.test(name) && !listed.has(path)))
        await io.remove(join(dir, path))
    }
  }
}

/** The vault id of a vault.json copy, or null when it is not one. */
async function readHeaderCopy(io: BackupIo, path: string): Promise<string | null> {
  try {
    return parseVaultHeader(new TextDecoder().decode(await io.readFile(path))).vaultId
  } catch {
    return null
  }
}
