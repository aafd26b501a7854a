import type { Clock } from '../../common/crypto/EvidenceCrypto'
import type { BackupIo } from '../backup/backupIo'
import type { RemovableDrive } from '../backup/removableDrives'
import type { SealThreadPool } from '../crypto/SealThreadPool'
import type { Vault } from '../vault/Vault'

export interface VaultServiceDeps {
  clock: Clock
  /** the backup target's file operations; tests inject failures here */
  backupIo?: BackupIo
  /** the removable drives to offer for backups; the machine's own (listRemovableDrives) unless given */
  listDrives?: () => Promise<RemovableDrive[]>
  /**
   * threads kept between large attachments while a vault is open (the app passes one): started
   * as a vault opens, ended as it locks. Without it each large file starts and ends its own.
   */
  sealThreads?: SealThreadPool
}

/**
 * What a use case of VaultService works with: the unlocked vault and the service's
 * capabilities. Each use-case file takes one of these, so it can be tested alone over a
 * real vault, and VaultService only holds the state (which vault is open) and delegates.
 */
export interface ServiceScope {
  /** the unlocked vault; throws DalelError 'vault-locked' when there is none */
  vault(): Vault
  readonly deps: VaultServiceDeps
}
