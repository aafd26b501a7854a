import type { CaptureTls } from '../../common/entry/Entry'
import type { CdpTransport } from '../ports/CdpTransport'
import type { CdpSecurityDetails } from './cdpTypes'
import { call } from './cdpTypes'
import { describeCertificate, handshakeCertificates } from './certificates'
import type { HandshakeResult } from './certificates'

export type Handshake = typeof handshakeCertificates

function hostAndPort(url: URL): { host: string; port: number } {
  return { host: url.hostname, port: url.port === '' ? 443 : Number(url.port) }
}

/**
 * The TLS facts of an https page: protocol and cipher as the browser negotiated them, and the
 * certificate chain it validated (Network.getCertificate). Where the browser has no chain —
 * it refused the certificate, or the transport does not offer the command — a handshake of
 * Dalel's own records what the server presents. Never throws: a missing chain is recorded as
 * missing, and the capture goes on.
 */
export async function captureTls(
  transport: CdpTransport,
  pageUrl: string,
  details: CdpSecurityDetails | undefined,
  options: { serverIp?: string; timeoutMs: number; handshake: Handshake }
): Promise<CaptureTls | undefined> {
  const url = new URL(pageUrl)
  if (url.protocol !== 'https:') return undefined
  const negotiated = {
    ...(details?.protocol ? { protocol: details.protocol } : {}),
    ...(details?.cipher ? { cipher: details.cipher } : {}),
    ...(details?.keyExchangeGroup || details?.keyExchange
      ? { keyExchange: details.keyExchangeGroup ?? details.keyExchange }
      : {})
  }
  const der = details === undefined ? [] : await browserChain(transport, url.origin)
  if (der.length > 0) {
    return {
      ...negotiated,
      certificates: der.map((b64) => describeCertificate(Buffer.from(b64, 'base64'))),
      certificatesFrom: 'browser'
    }
  }
  const { host, port } = hostAndPort(url)
  let handshake: HandshakeResult
  try {
    handshake = await options.handshake(host, port, {
      timeoutMs: options.timeoutMs,
      ...(options.serverIp !== undefined ? { address: options.serverIp } : {})
    })
  } catch {
    return details === undefined
      ? undefined
      : { ...negotiated, certificates: [], certificatesFrom: 'browser' }
  }
  return {
    ...(details !== undefined
      ? negotiated
      : {
          ...(handshake.protocol !== undefined ? { protocol: handshake.protocol } : {}),
          ...(handshake.cipher !== undefined ? { cipher: handshake.cipher } : {})
        }),
    certificates: handshake.certificates,
    certificatesFrom: 'handshake',
    ...(handshake.hostnameMismatch !== undefined
      ? { hostnameMismatch: handshake.hostnameMismatch }
      : {})
  }
}

/** The chain the browser validated, base64 DER, leaf first; none when it cannot say. */
async function browserChain(transport: CdpTransport, origin: string): Promise<string[]> {
  try {
    return (await call(transport, 'Network.getCertificate', { origin })).tableNames
  } catch {
    return []
  }
}
