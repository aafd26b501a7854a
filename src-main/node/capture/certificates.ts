import { X509Certificate, createHash } from 'node:crypto'
import { isIP } from 'node:net'
import { checkServerIdentity, connect } from 'node:tls'
import type { DetailedPeerCertificate } from 'node:tls'
import { toSha256Hex } from '../../common/encoding/brands'
import type { CapturedCertificate } from '../../common/entry/Entry'

/** "CN=a\nO=b" (Node's form) → "CN=a, O=b" (OpenSSL's one-line form). */
function oneLine(name: string): string {
  return name.split('\n').join(', ')
}

/** A certificate's court-facing description from its DER bytes. */
export function describeCertificate(der: Uint8Array): CapturedCertificate {
  const x509 = new X509Certificate(der)
  return {
    subject: oneLine(x509.subject),
    issuer: oneLine(x509.issuer),
    serialNumber: x509.serialNumber,
    notBefore: new Date(x509.validFrom).toISOString(),
    notAfter: new Date(x509.validTo).toISOString(),
    ...(x509.subjectAltName !== undefined ? { subjectAltName: x509.subjectAltName } : {}),
    sha256: toSha256Hex(createHash('sha256').update(der).digest()),
    pem: x509.toString()
  }
}

/** Every certificate as one PEM file, leaf first: what `openssl x509` and `openssl verify` read. */
export function pemChain(certificates: readonly CapturedCertificate[]): string {
  return certificates.map((c) => (c.pem.endsWith('\n') ? c.pem : `${c.pem}\n`)).join('')
}

export interface HandshakeResult {
  protocol?: string
  cipher?: string
  /**
   * leaf first: the certificates the server sent, and the root Node's own CA list adds when
   * it knows the last issuer (OpenSSL completes the chain that way)
   */
  certificates: CapturedCertificate[]
  /** why the leaf does not name `host`, when it does not */
  hostnameMismatch?: string
  remoteAddress?: string
  remotePort?: number
}

/**
 * Makes a TLS handshake of its own to `host`:`port` and records what the server presents,
 * valid or not. Used when the browser gives no certificates — above all when it refused
 * them, where the certificate presented is the evidence. Nothing is sent after the
 * handshake. `address` connects to the IP the browser used, keeping `host` for SNI.
 */
export async function handshakeCertificates(
  host: string,
  port: number,
  options: { address?: string; timeoutMs: number }
): Promise<HandshakeResult> {
  const bareHost = host.replace(/^\[|\]$/g, '')
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: options.address ?? bareHost,
      port,
      ...(isIP(bareHost) === 0 ? { servername: bareHost } : {}),
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1']
    })
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`TLS handshake with ${host}:${port} timed out`))
    }, options.timeoutMs)
    socket.once('error', (error: unknown) => {
      clearTimeout(timer)
      reject(error instanceof Error ? error : new Error(String(error)))
    })
    socket.once('secureConnect', () => {
      clearTimeout(timer)
      try {
        const peer = socket.getPeerCertificate(true)
        const certificates = chainOf(peer).map((c) => describeCertificate(c.raw))
        const mismatch =
          Object.keys(peer).length > 0 ? checkServerIdentity(bareHost, peer) : undefined
        const cipher = socket.getCipher()
        // "TLSv1.3" → "TLS 1.3", the browser's spelling, so both sources read alike.
        const protocol = socket.getProtocol()
        resolve({
          certificates,
          ...(protocol !== null ? { protocol: protocol.replace(/^TLSv/, 'TLS ') } : {}),
          ...(cipher.standardName !== '' ? { cipher: cipher.standardName } : {}),
          ...(mismatch !== undefined ? { hostnameMismatch: mismatch.message } : {}),
          ...(socket.remoteAddress !== undefined ? { remoteAddress: socket.remoteAddress } : {}),
          ...(socket.remotePort !== undefined ? { remotePort: socket.remotePort } : {})
        })
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)))
      } finally {
        socket.destroy()
      }
    })
  })
}

/**
 * Node links each certificate to its issuer; a self-signed one links to itself, and the
 * last one known may link to nothing (or, despite the types, to an empty object).
 */
function chainOf(leaf: DetailedPeerCertificate): DetailedPeerCertificate[] {
  const hasDer = (c: Partial<DetailedPeerCertificate> | undefined): c is DetailedPeerCertificate =>
    c?.raw instanceof Buffer
  const chain: DetailedPeerCertificate[] = []
  const seen = new Set<string>()
  let current: Partial<DetailedPeerCertificate> | undefined = leaf
  while (hasDer(current) && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256)
    chain.push(current)
    current = current.issuerCertificate
  }
  return chain
}
