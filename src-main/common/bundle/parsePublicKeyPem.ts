import { toHex } from '../encoding/hex'

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw 32-byte key follows. */
const ED25519_SPKI_PREFIX = '302a300506032b6570032100'

/** The raw 32-byte key of an Ed25519 public key in SPKI PEM, as public-key.pem holds it. */
export function parsePublicKeyPem(pem: string): Uint8Array | null {
  const match =
    /^-----BEGIN PUBLIC KEY-----\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n-----END PUBLIC KEY-----\r?\n?$/.exec(
      pem
    )
  if (match === null) return null
  let der: Uint8Array
  try {
    der = Uint8Array.from(atob((match[1] ?? '').replace(/\r?\n/g, '')), (c) => c.charCodeAt(0))
  } catch {
    return null
  }
  const hex = toHex(der)
  return der.length === 44 && hex.startsWith(ED25519_SPKI_PREFIX) ? der.subarray(12) : null
}
