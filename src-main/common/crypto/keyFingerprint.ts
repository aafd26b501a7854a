import { fromHex, isHexOf } from '../encoding/hex'

/**
 * The vault's key fingerprint, the one every face shows (GLOSSARY "key fingerprint"):
 * SHA-256 of the raw 32-byte Ed25519 public key, lowercase hex in sixteen groups of four, as
 * people read it aloud over the phone. The journalist gives it to the lawyer once
 * (`dalel fingerprint`); report.pdf, README.txt, verify.html and `verify-bundle` print the
 * same characters, so "compare this with the fingerprint the journalist gave you" is one
 * comparison. `sha256` is passed in, so this runs in Node and in the browser alike.
 * @param publicKeyHex the raw public key, hex (64 characters); anything else gives ''
 */
export function keyFingerprint(
  publicKeyHex: string,
  sha256: (bytes: Uint8Array) => Uint8Array
): string {
  if (!isHexOf(publicKeyHex, 32)) return ''
  const digest = Array.from(sha256(fromHex(publicKeyHex)), (b) =>
    b.toString(16).padStart(2, '0')
  ).join('')
  return digest.match(/.{4}/g)?.join(' ') ?? ''
}
