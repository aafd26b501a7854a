import { join } from 'node:path'
import { concatBytes, utf8 } from '../../common/encoding/bytes'
import { fromHex } from '../../common/encoding/hex'
import { DalelError } from '../../common/errors/DalelError'
import { nodeEvidenceCrypto } from '../crypto/nodeEvidenceCrypto'
import { parseVaultHeader } from '../vault/vaultHeader'
import type { BackupIo } from './backupIo'
import { BACKUP_MANIFEST, BACKUP_SIGNATURE_LABEL, manifestSigningBytes } from './backupManifest'
import type { SignedBackupManifest } from './backupManifest'
import { readBackupManifest } from './backupVault'

export interface BackupProblem {
  file: string
  code:
    | 'manifest-damaged'
    | 'manifest-signature'
    | 'file-missing'
    | 'file-unreadable'
    | 'file-mismatch'
    | 'header-mismatch'
  detail: string
}

export interface BackupReport {
  ok: boolean
  manifest: SignedBackupManifest | null
  filesChecked: number
  bytesChecked: number
  problems: BackupProblem[]
}

/**
 * Checks a backup without restoring it and without the passphrase: the manifest's signature
 * under the vault key it names, that key against the vault.json copy, and every file's size
 * and SHA-256. Every problem is reported with its file.
 */
export async function verifyBackup(io: BackupIo, dir: string): Promise<BackupReport> {
  const problems: BackupProblem[] = []
  let manifest: SignedBackupManifest | null
  try {
    manifest = await readBackupManifest(io, dir)
  } catch (error) {
    const detail =
      error instanceof DalelError ? String(error.params.detail ?? error.code) : String(error)
    return {
      ok: false,
      manifest: null,
      filesChecked: 0,
      bytesChecked: 0,
      problems: [{ file: BACKUP_MANIFEST, code: 'manifest-damaged', detail }]
    }
  }
  if (manifest === null) {
    return {
      ok: false,
      manifest: null,
      filesChecked: 0,
      bytesChecked: 0,
      problems: [{ file: BACKUP_MANIFEST, code: 'file-missing', detail: 'no backup here' }]
    }
  }
  const crypto = nodeEvidenceCrypto()
  const { signature, ...unsigned } = manifest
  const digest = crypto.sha256(
    concatBytes(utf8(BACKUP_SIGNATURE_LABEL), new Uint8Array([0]), manifestSigningBytes(unsigned))
  )
  if (!crypto.verify(fromHex(signature), digest, fromHex(manifest.publicKey))) {
    problems.push({
      file: BACKUP_MANIFEST,
      code: 'manifest-signature',
      detail: 'the signature does not verify with the vault key'
    })
  }
  let bytesChecked = 0
  for (const file of manifest.files) {
    const path = join(dir, file.path)
    if ((await io.size(path)) === null) {
      problems.push({ file: file.path, code: 'file-missing', detail: 'missing' })
      continue
    }
    let actual: { sha256: string; size: number }
    try {
      actual = await io.hashFile(path)
    } catch (error) {
      // A bad sector in one file must not hide the state of the others.
      const reason =
        error instanceof DalelError ? String(error.params.reason ?? error.code) : String(error)
      problems.push({ file: file.path, code: 'file-unreadable', detail: reason })
      continue
    }
    bytesChecked += actual.size
    if (actual.sha256 !== file.sha256 || actual.size !== file.size) {
      problems.push({
        file: file.path,
        code: 'file-mismatch',
        detail: 'differs from what the backup recorded'
      })
      continue
    }
    if (file.role === 'header') {
      try {
        const header = parseVaultHeader(new TextDecoder().decode(await io.readFile(path)))
        if (header.vaultId !== manifest.vaultId || header.signingPublicKey !== manifest.publicKey) {
          problems.push({
            file: file.path,
            code: 'header-mismatch',
            detail: 'belongs to another vault'
          })
        }
      } catch {
        problems.push({ file: file.path, code: 'header-mismatch', detail: 'not a vault header' })
      }
    }
  }
  return {
    ok: problems.length === 0,
    manifest,
    filesChecked: manifest.files.length,
    bytesChecked,
    problems
  }
}
