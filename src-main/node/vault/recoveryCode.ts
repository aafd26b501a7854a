import { DalelError } from '../../common/errors/DalelError'
import type { Sodium } from '../crypto/loadSodium'
import { utf8 } from '../../common/encoding/bytes'

/** Crockford's base32: no I, L, O or U, so the code survives being read aloud or copied by hand. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const GROUPS = 6
const GROUP_LENGTH = 5
/** 30 characters × 5 bits = 150 bits of entropy. */
const CODE_LENGTH = GROUPS * GROUP_LENGTH

/** A fresh recovery code, e.g. `7KQ2M-…`, shown once at vault creation. */
export function generateRecoveryCode(sodium: Sodium): string {
  const bytes = sodium.randombytes_buf(CODE_LENGTH)
  let code = ''
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[(bytes[i] ?? 0) & 31] ?? ''
  sodium.memzero(bytes)
  return formatRecoveryCode(code)
}

function formatRecoveryCode(plain: string): string {
  const groups: string[] = []
  for (let i = 0; i < plain.length; i += GROUP_LENGTH) groups.push(plain.slice(i, i + GROUP_LENGTH))
  return groups.join('-')
}

/**
 * Normalises what a person typed: any case, spaces or dashes, and the look-alikes O→0, I/L→1.
 * Throws `invalid-input` when it cannot be a recovery code at all.
 */
export function normalizeRecoveryCode(typed: string): string {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
  if (!/^[0-9A-HJKMNP-TV-Z]{30}$/.test(plain)) {
    throw new DalelError('invalid-input', { field: 'recovery-code' })
  }
  return formatRecoveryCode(plain)
}

/** True when the text has the shape of a recovery code (so it is tried as one). */
export function looksLikeRecoveryCode(typed: string): boolean {
  try {
    normalizeRecoveryCode(typed)
    return true
  } catch {
    return false
  }
}

/**
 * The key that wraps the master key for the recovery code. The code carries 150 random bits,
 * so a keyed hash suffices where a passphrase needs Argon2id.
 */
export function recoveryKey(sodium: Sodium, code: string): Uint8Array {
  return sodium.crypto_generichash(32, utf8(normalizeRecoveryCode(code)), utf8('dalel/recovery/v1'))
}
