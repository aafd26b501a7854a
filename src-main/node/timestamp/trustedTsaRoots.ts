import { rootCertificates } from 'node:tls'
import { certificatesFromPem } from '../../common/timestamp/pem'

/**
 * The roots a token may chain to: the system's (Node's bundled Mozilla store,
 * `tls.rootCertificates`) and the CAs the user added (`--tsa-ca`, or stored with the vault's
 * timestamping setting), DER.
 */
export function trustedTsaRoots(extraPems: readonly string[] = []): Uint8Array[] {
  // The same arrays every call, so the verifier's parsed-certificate cache keeps them.
  systemRoots ??= rootCertificates.flatMap((pem) => certificatesFromPem(pem))
  return [...systemRoots, ...extraPems.flatMap((pem) => certificatesFromPem(pem))]
}

let systemRoots: Uint8Array[] | undefined
