import { createHash } from 'node:crypto'
import { canonicalJson } from '../../common/encoding/canonicalJson'
import { utf8 } from '../../common/encoding/bytes'
import { fromHex, isHexOf, toHex } from '../../common/encoding/hex'
import { DalelError } from '../../common/errors/DalelError'
import { isUuid } from '../../common/ids/uuidv7'
import { argon2id } from '../crypto/argon2id'
import type { Sodium } from '../crypto/loadSodium'
import { secureRandom } from '../crypto/secureRandom'
import { recoveryKey } from './recoveryCode'
import { passphraseBytes } from './vaultKeys'

export const VAULT_FORMAT = 'dalel-vault'
export const VAULT_VERSION = 1
/** Above libsodium's SENSITIVE limits (4 passes, 1 GiB) with room to grow; beyond is damage. */
const MAX_OPSLIMIT = 16
const MAX_MEMLIMIT = 2 * 1024 * 1024 * 1024 - 1

export interface KdfParams {
  alg: 'argon2id13'
  opslimit: number
  /** bytes */
  memlimit: number
  /** 16 bytes (crypto_pwhash_SALTBYTES), hex */
  salt: string
}

export interface WrappedKey {
  /** 24 bytes, hex */
  nonce: string
  /** 32-byte key + 16-byte tag, hex */
  ciphertext: string
}

/** vault.json: the only file of a vault that is not encrypted; it holds no evidence. */
export interface VaultHeader {
  format: typeof VAULT_FORMAT
  version: typeof VAULT_VERSION
  vaultId: string
  createdAt: string
  kdf: KdfParams
  /** Ed25519, 32 bytes, hex */
  signingPublicKey: string
  wrappedKeys: { passphrase: WrappedKey; recovery: WrappedKey }
}

type Unlocker = 'passphrase' | 'recovery'

/**
 * The additional data of a key wrap: the header's fields as JCS. A header edited on disk (a
 * weaker KDF, another public key, another vault id) makes the wrap fail to open. The
 * recovery wrap leaves out the KDF, which changes with every passphrase change.
 */
function wrapAdditionalData(
  header: Omit<VaultHeader, 'wrappedKeys'>,
  unlocker: Unlocker
): Uint8Array {
  const common = {
    format: header.format,
    version: header.version,
    vaultId: header.vaultId,
    createdAt: header.createdAt,
    signingPublicKey: header.signingPublicKey
  }
  return utf8(
    canonicalJson({
      ...common,
      ...(unlocker === 'passphrase' ? { kdf: header.kdf } : {}),
      unlocker
    })
  )
}

export function wrapKey(
  sodium: Sodium,
  header: Omit<VaultHeader, 'wrappedKeys'>,
  unlocker: Unlocker,
  wrappingKey: Uint8Array,
  master: Uint8Array
): WrappedKey {
  const nonce = secureRandom(sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
    master,
    wrapAdditionalData(header, unlocker),
    null,
    nonce,
    wrappingKey
  )
  return { nonce: toHex(nonce), ciphertext: toHex(ciphertext) }
}

/**
 * Argon2id of the passphrase with the header's own parameters, never assumed ones; in a
 * worker thread, so its 256 MiB do not stay in this process (see argon2id).
 */
export async function passphraseKey(
  sodium: Sodium,
  kdf: KdfParams,
  passphrase: string
): Promise<Uint8Array> {
  const secret = passphraseBytes(passphrase)
  try {
    return await argon2id(sodium, {
      password: secret,
      salt: fromHex(kdf.salt),
      opslimit: kdf.opslimit,
      memlimit: kdf.memlimit,
      outputBytes: 32
    })
  } finally {
    sodium.memzero(secret)
  }
}

/** Opens the master key with a passphrase or a recovery code; a wrong one is `wrong-passphrase`. */
export async function unwrapMasterKey(
  sodium: Sodium,
  header: VaultHeader,
  secret: { passphrase: string } | { recoveryCode: string }
): Promise<Uint8Array> {
  const unlocker: Unlocker = 'passphrase' in secret ? 'passphrase' : 'recovery'
  let wrappingKey: Uint8Array
  if ('passphrase' in secret) {
    wrappingKey = await passphraseKey(sodium, header.kdf, secret.passphrase)
  } else {
    try {
      wrappingKey = recoveryKey(sodium, secret.recoveryCode)
    } catch {
      throw new DalelError('wrong-passphrase')
    }
  }
  const wrapped = header.wrappedKeys[unlocker]
  try {
    return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      fromHex(wrapped.ciphertext),
      wrapAdditionalData(header, unlocker),
      fromHex(wrapped.nonce),
      wrappingKey
    )
  } catch {
    throw new DalelError('wrong-passphrase')
  } finally {
    sodium.memzero(wrappingKey)
  }
}

function corrupt(detail: string): DalelError {
  return new DalelError('vault-corrupt', { file: 'vault.json', detail })
}

function isWrappedKey(value: unknown): value is WrappedKey {
  const v = value as Partial<WrappedKey> | null
  return typeof v === 'object' && v !== null && isHexOf(v.nonce, 24) && isHexOf(v.ciphertext, 48)
}

/**
 * SHA-256 over the header's JCS, stored beside it. It catches accidental damage (a bad
 * sector, a bit flipped on a USB stick), so a damaged header is reported as damage and not
 * as a wrong passphrase. It is no defence against a deliberate edit, which the key wraps'
 * additional data catch instead.
 */
function headerChecksum(header: VaultHeader): string {
  return createHash('sha256').update(canonicalJson(header)).digest('hex')
}

/** Parses and checks vault.json; anything unexpected is `vault-corrupt`, never a crash. */
export function parseVaultHeader(text: string): VaultHeader {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw corrupt('not JSON')
  }
  const h = raw as (Partial<VaultHeader> & { checksum?: unknown }) | null
  if (typeof h !== 'object' || h === null || h.format !== VAULT_FORMAT)
    throw corrupt('not a Dalel vault header')
  const { checksum, ...rest } = h
  let expected: string
  try {
    expected = headerChecksum(rest as VaultHeader)
  } catch {
    // A damaged number can still be JSON (6e108864 is Infinity), which JCS cannot encode.
    throw corrupt('checksum')
  }
  if (typeof checksum !== 'string' || checksum !== expected) throw corrupt('checksum')
  if (h.version !== VAULT_VERSION)
    throw new DalelError('unsupported-version', { version: String(h.version) })
  if (typeof h.vaultId !== 'string' || !isUuid(h.vaultId)) throw corrupt('vaultId')
  if (typeof h.createdAt !== 'string' || Number.isNaN(Date.parse(h.createdAt)))
    throw corrupt('createdAt')
  const kdf = h.kdf as Partial<Record<keyof KdfParams, unknown>> | undefined
  if (
    typeof kdf !== 'object' ||
    kdf.alg !== 'argon2id13' ||
    typeof kdf.opslimit !== 'number' ||
    typeof kdf.memlimit !== 'number' ||
    !Number.isSafeInteger(kdf.opslimit) ||
    !Number.isSafeInteger(kdf.memlimit) ||
    !isHexOf(kdf.salt, 16)
  ) {
    throw corrupt('kdf')
  }
  // A header edited to a trivially cheap KDF would make a stolen vault easy to brute-force;
  // such a header also fails the wrap's additional data, but is refused before any work.
  if (kdf.opslimit < 2 || kdf.memlimit < 64 * 1024 * 1024)
    throw corrupt('kdf parameters below the minimum')
  // And one edited to absurd limits would make unlocking hang or exhaust memory.
  if (kdf.opslimit > MAX_OPSLIMIT || kdf.memlimit > MAX_MEMLIMIT)
    throw corrupt('kdf parameters above the maximum')
  if (!isHexOf(h.signingPublicKey, 32)) throw corrupt('signingPublicKey')
  const wraps = h.wrappedKeys
  if (
    typeof wraps !== 'object' ||
    !isWrappedKey(wraps.passphrase) ||
    !isWrappedKey(wraps.recovery)
  ) {
    throw corrupt('wrappedKeys')
  }
  return {
    format: VAULT_FORMAT,
    version: VAULT_VERSION,
    vaultId: h.vaultId,
    createdAt: h.createdAt,
    kdf: { alg: 'argon2id13', opslimit: kdf.opslimit, memlimit: kdf.memlimit, salt: kdf.salt },
    signingPublicKey: h.signingPublicKey,
    wrappedKeys: { passphrase: wraps.passphrase, recovery: wraps.recovery }
  }
}

export function serializeVaultHeader(header: VaultHeader): string {
  return `${JSON.stringify({ ...header, checksum: headerChecksum(header) }, null, 2)}\n`
}
