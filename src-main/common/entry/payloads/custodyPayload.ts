import type { Sha256Hex } from '../../encoding/brands'
import type { Linked } from '../Entry'

// Custody: what left or came back into the vault (export, backup, restore), as fields.

/**
 * `backup` is recorded before the copy, so the backup holds it (DESIGN "Backups");
 * `backup-failed` follows it, naming it in `about`, when the copy then failed; `restore`
 * names the backup's own `backup` entry in `about`.
 */
export const CUSTODY_ACTIONS = ['export', 'backup', 'backup-failed', 'restore', 'handover'] as const
export type CustodyAction = (typeof CUSTODY_ACTIONS)[number]

/** Why a backup failed, as a `backup-failed` custody entry records it (translated on display). */
export const BACKUP_FAILURES = ['drive-error', 'disk-full', 'other'] as const
export type BackupFailure = (typeof BACKUP_FAILURES)[number]

export interface CustodyPayload extends Linked {
  action: CustodyAction
  /** for `backup-failed` */
  failure?: BackupFailure
  recipient?: string
  purpose?: string
  /** SHA-256 of what left the vault (a bundle), when there is one file */
  sha256?: Sha256Hex
  entries?: number[]
  /** export: the bundle's file name (no folder) */
  file?: string
  /** backup: the folder written to; restore: the backup folder read from */
  folder?: string
  /** export: the bundle's id (manifest.json) */
  bundleId?: string
  /** export: the bundle's size in bytes */
  bytes?: number
  /** the last entry the bundle or backup holds */
  head?: number
  /** backup: the chain hash of `head`, lowercase hex */
  chain?: string
  /** written by a person (handover), or by Dalel before its facts were stored as fields */
  body?: string
}
