import { utf8 } from '../../common/encoding/bytes'
import type { Sodium } from '../crypto/loadSodium'

/** crypto_kdf context: exactly 8 bytes, fixed for format v1. */
const KDF_CONTEXT = 'dalel-v1'

/** One subkey per purpose (DESIGN "Crypto"); the ids are part of format v1. */
export const SubkeyId = {
  snapshot: 1,
  journal: 2,
  blobs: 3,
  blobNames: 4,
  signing: 5
} as const

export interface VaultKeys {
  snapshot: Uint8Array
  journal: Uint8Array
  blobs: Uint8Array
  blobNames: Uint8Array
  /** Ed25519 secret key, 64 bytes (seed || public key), libsodium's layout */
  signingSecretKey: Uint8Array
  /** 32 bytes raw */
  signingPublicKey: Uint8Array
}

/**
 * Derives every working key from the 32-byte master key. The signing key is derived too, so
 * a passphrase change (a rewrap) and a recovery unlock give the same signer, and no second
 * secret has to be stored.
 */
export function deriveVaultKeys(sodium: Sodium, master: Uint8Array): VaultKeys {
  const sub = (id: number) => sodium.crypto_kdf_derive_from_key(32, id, KDF_CONTEXT, master)
  const seed = sub(SubkeyId.signing)
  const pair = sodium.crypto_sign_seed_keypair(seed)
  sodium.memzero(seed)
  return {
    snapshot: sub(SubkeyId.snapshot),
    journal: sub(SubkeyId.journal),
    blobs: sub(SubkeyId.blobs),
    blobNames: sub(SubkeyId.blobNames),
    signingSecretKey: pair.privateKey,
    signingPublicKey: pair.publicKey
  }
}

/** Overwrites every key with zeros; called when the vault locks. */
export function wipeVaultKeys(sodium: Sodium, keys: VaultKeys): void {
  sodium.memzero(keys.snapshot)
  sodium.memzero(keys.journal)
  sodium.memzero(keys.blobs)
  sodium.memzero(keys.blobNames)
  sodium.memzero(keys.signingSecretKey)
}

/**
 * The per-file key of a STREAM file: keyed BLAKE2b-256 of the file's random nonce under the
 * purpose subkey, so no two files share a key even when chunk counters repeat.
 * @param fileNonce 32 bytes raw
 */
export function fileKey(sodium: Sodium, purposeKey: Uint8Array, fileNonce: Uint8Array): Uint8Array {
  return sodium.crypto_generichash(32, fileNonce, purposeKey)
}

/**
 * A blob's file name: keyed BLAKE2b-256 of the content's SHA-256, as hex. Without the key a
 * seized disk does not tell which known files it holds. Hashing the digest instead of the
 * content spares a second pass over large files (libsodium's wasm BLAKE2b is far slower than
 * native SHA-256) and is as hard to guess: both need the key.
 * @param sha256 32 bytes raw
 */
export function blobName(sodium: Sodium, blobNameKey: Uint8Array, sha256: Uint8Array): string {
  return sodium.to_hex(sodium.crypto_generichash(32, sha256, blobNameKey))
}

/** Passphrases are Unicode-normalised (NFC): the same words typed on another keyboard unlock. */
export function passphraseBytes(passphrase: string): Uint8Array {
  return utf8(passphrase.normalize('NFC'))
}
