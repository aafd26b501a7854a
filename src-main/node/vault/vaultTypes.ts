import type { FileHandle } from 'node:fs/promises'
import type { ChainLink } from '../../common/chain/ChainLink'
import type { Clock, EvidenceCrypto, RandomBytes } from '../../common/crypto/EvidenceCrypto'
import type { AttachmentRole, Entry } from '../../common/entry/Entry'
import type { Sodium } from '../crypto/loadSodium'
import type { SealThreadPool } from '../crypto/SealThreadPool'
import type { FileDigest } from './fileDigest'

/** The vault's files inside its directory (DESIGN "Vault format v1"). */
export const VAULT_FILE = 'vault.json'
export const SNAPSHOT_FILE = 'snapshot.bin'
export const JOURNAL_FILE = 'journal.bin'
export const BLOBS_DIR = 'blobs'

export type UnlockSecret = { passphrase: string } | { recoveryCode: string }

/** The capabilities a vault is given (STYLE habit 2); the ones left out take the defaults. */
export interface VaultDeps {
  clock: Clock
  /** defaults to the operating system's CSPRNG (secureRandom) */
  random?: RandomBytes
  /** defaults to nodeEvidenceCrypto() (node:crypto) */
  crypto?: EvidenceCrypto
  /** defaults to loadSodium() */
  sodium?: Sodium
  /**
   * threads kept between large attachments (the app's); without it each large file starts
   * and ends its own (the command line)
   */
  sealThreads?: SealThreadPool
}

export interface CreateVaultOptions {
  passphrase: string
  author?: string
  /**
   * Argon2id limits; MODERATE (3 passes, 256 MiB) unless given. Tests that open a vault
   * hundreds of times pass INTERACTIVE; nothing user-facing does.
   */
  kdfLimits?: { opslimit: number; memlimit: number }
}

/** The steps of an unlock that onPhase reports, in the order they end. */
export type UnlockPhase =
  | 'lock'
  | 'argon2id'
  | 'read-files'
  | 'decrypt-snapshot'
  | 'load-database'
  | 'parse-journal'
  | 'replay-journal'
  | 'open-journal'

export interface OpenVaultOptions {
  /** Verification and listing: no lock, no truncation of a torn journal tail, no compaction. */
  readOnly?: boolean
  /**
   * Told how long each step of the unlock took, in ms, as it ends (benchmarks). Reading the
   * files overlaps Argon2id; its time is from the start of the read to the end of it.
   */
  onPhase?: (phase: UnlockPhase, ms: number) => void
}

/**
 * A file to attach: from a path, or from memory (captures: screenshots and page archives are
 * made in memory and must never be written to disk unencrypted).
 */
export type AttachmentInput = (
  | {
      path: string
      /** the name recorded in the entry; the file's own name by default */
      name?: string
      /** the file hashed beforehand (digestFile): sealing checks it instead of hashing */
      digest?: FileDigest
    }
  | { bytes: Uint8Array; name: string }
) & {
  role?: AttachmentRole
  mediaType?: string
}

/** An entry as the vault holds it: the content (null once withdrawn) and its chain link. */
export interface StoredEntry {
  seq: number
  id: string
  kind: Entry['kind']
  recordedAt: string
  entry: Entry | null
  link: ChainLink
  withdrawnBy: number | null
  /** entries that amend or withdraw this one */
  referencedBy: { seq: number; id: string; kind: Entry['kind'] }[]
  /** entries that name this one in their `about` (not withdrawn ones) */
  linkedFrom: { seq: number; id: string; kind: Entry['kind'] }[]
}

/** See Vault.backupSources. The caller closes both handles. */
export interface BackupSources {
  vaultJson: Uint8Array
  snapshot: { handle: FileHandle; length: number }
  journal: { handle: FileHandle; length: number }
  blobs: { name: string; path: string }[]
  head: { seq: number; chain: string }
}

/** Something that happened while opening that the user should hear about, though nothing failed. */
export interface VaultNotice {
  code: 'torn-journal-tail' | 'stale-journal' | 'temp-files-removed' | 'unreferenced-blobs-removed'
  params: Record<string, string | number>
}
