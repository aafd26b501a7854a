import { isHexOf, toHex } from './hex'

/** SHA-256 digest, 32 bytes, as lowercase hex. Court-facing: what sha256sum prints. */
export type Sha256Hex = string & { readonly __brand: 'Sha256Hex' }

/** Ed25519 signature, 64 bytes, as lowercase hex. */
export type SignatureHex = string & { readonly __brand: 'SignatureHex' }

/** Ed25519 public key, 32 raw bytes, as lowercase hex. */
export type PublicKeyHex = string & { readonly __brand: 'PublicKeyHex' }

export function toSha256Hex(digest: Uint8Array | string): Sha256Hex {
  const hex = typeof digest === 'string' ? digest : toHex(digest)
  if (!isHexOf(hex, 32)) throw new Error('not a SHA-256 digest')
  return hex as Sha256Hex
}

export function toSignatureHex(signature: Uint8Array | string): SignatureHex {
  const hex = typeof signature === 'string' ? signature : toHex(signature)
  if (!isHexOf(hex, 64)) throw new Error('not an Ed25519 signature')
  return hex as SignatureHex
}

export function toPublicKeyHex(key: Uint8Array | string): PublicKeyHex {
  const hex = typeof key === 'string' ? key : toHex(key)
  if (!isHexOf(hex, 32)) throw new Error('not an Ed25519 public key')
  return hex as PublicKeyHex
}
