import { keyFingerprint } from '../bundle/report/renderReport'

/**
 * The key fingerprint the app shows after an export and when checking a bundle: the one
 * report.pdf prints, so the lawyer compares the same characters everywhere.
 * @param publicKeyHex the raw 32-byte Ed25519 public key, hex
 */
export function vaultFingerprint(publicKeyHex: string): string {
  return keyFingerprint(publicKeyHex)
}
