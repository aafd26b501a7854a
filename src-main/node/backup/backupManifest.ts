import { canonicalJson } from '../../common/encoding/canonicalJson'
import { isHexOf } from '../../common/encoding/hex'
import { DalelError } from '../../common/errors/DalelError'
import { isUuid } from '../../common/ids/uuidv7'

export const BACKUP_FORMAT = 'dalel-backup'
export const BACKUP_MANIFEST = 'manifest.json'
/** Domain label of the manifest signature: Ed25519 over SHA-256(label || 0x00 || JCS). */
export const BACKUP_SIGNATURE_LABEL = 'dalel/backup-manifest/v1'

export type BackupFileRole = 'header' | 'snapshot' | 'journal' | 'blob'

export interface BackupFile {
  /** relative to the backup directory, with forward slashes */
  path: string
  role: BackupFileRole
  size: number
  /** SHA-256 of the file as stored (ciphertext), hex */
  sha256: string
}

/**
 * manifest.json: what one complete backup consists of. The backup directory holds the files
 * of the current manifest and, until it is switched, those of the previous one.
 */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT
  version: 1
  vaultId: string
  publicKey: string
  createdAt: string
  head: { seq: number; chain: string }
  files: BackupFile[]
}

export interface SignedBackupManifest extends BackupManifest {
  /** Ed25519, hex; see BACKUP_SIGNATURE_LABEL */
  signature: string
}

export function manifestSigningBytes(manifest: BackupManifest): Uint8Array {
  return new TextEncoder().encode(canonicalJson(manifest))
}

const SAFE_PATH =
  /^(vault-[0-9a-f]{16}\.json|snapshot-[0-9a-f]{16}\.bin|journal-[0-9a-f]{16}\.bin|blobs\/[0-9a-f]{2}\/[0-9a-f]{64})$/

function corrupt(detail: string): DalelError {
  return new DalelError('vault-corrupt', { file: BACKUP_MANIFEST, detail })
}

/** Parses manifest.json strictly; paths are checked against the only shapes a backup writes. */
export function parseBackupManifest(text: string): SignedBackupManifest {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw corrupt('not JSON')
  }
  const m = raw as Partial<Record<keyof SignedBackupManifest, unknown>> | null
  if (typeof m !== 'object' || m === null || m.format !== BACKUP_FORMAT)
    throw corrupt('not a Dalel backup manifest')
  if (m.version !== 1) throw new DalelError('unsupported-version', { version: String(m.version) })
  if (typeof m.vaultId !== 'string' || !isUuid(m.vaultId)) throw corrupt('vaultId')
  if (!isHexOf(m.publicKey, 32) || !isHexOf(m.signature, 64))
    throw corrupt('publicKey or signature')
  if (typeof m.createdAt !== 'string' || Number.isNaN(Date.parse(m.createdAt)))
    throw corrupt('createdAt')
  const head = m.head as { seq?: unknown; chain?: unknown } | undefined
  if (typeof head !== 'object' || !Number.isSafeInteger(head.seq) || typeof head.chain !== 'string')
    throw corrupt('head')
  if (!Array.isArray(m.files)) throw corrupt('files')
  const files: BackupFile[] = []
  for (const f of m.files as Partial<Record<keyof BackupFile, unknown>>[]) {
    if (
      typeof f.path !== 'string' ||
      !SAFE_PATH.test(f.path) ||
      !['header', 'snapshot', 'journal', 'blob'].includes(String(f.role)) ||
      !Number.isSafeInteger(f.size) ||
      !isHexOf(f.sha256, 32)
    ) {
      throw corrupt('file list')
    }
    files.push({
      path: f.path,
      role: f.role as BackupFileRole,
      size: f.size as number,
      sha256: f.sha256
    })
  }
  for (const role of ['header', 'snapshot', 'journal'] as const) {
    if (files.filter((f) => f.role === role).length !== 1)
      throw corrupt(`needs exactly one ${role}`)
  }
  return {
    format: BACKUP_FORMAT,
    version: 1,
    vaultId: m.vaultId,
    publicKey: m.publicKey,
    createdAt: m.createdAt,
    head: { seq: head.seq as number, chain: head.chain },
    files,
    signature: m.signature
  }
}
