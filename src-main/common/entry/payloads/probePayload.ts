import type { Sha256Hex } from '../../encoding/brands'
import type { Linked } from '../Entry'
import type { HttpHeader } from './webCapturePayload'

// An availability probe: one measurement of a URL from this computer.

/**
 * How one availability measurement of a URL ended, in the order it was measured: the name
 * did not resolve, no connection (refused, reset, no answer in time), the TLS handshake or
 * the certificate failed, the server answered with a status of 400 or more, or all went
 * through (`ok`, any status below 400; redirects are not followed).
 */
export const PROBE_OUTCOMES = [
  'ok',
  'http-error',
  'timeout',
  'refused',
  'reset',
  'dns-error',
  'tls-error'
] as const
export type ProbeOutcome = (typeof PROBE_OUTCOMES)[number]

/** How a TCP connection attempt to one address ended. */
export const CONNECT_RESULTS = [
  'ok',
  'refused',
  'timeout',
  'reset',
  'unreachable',
  'error'
] as const
export type ConnectResult = (typeof CONNECT_RESULTS)[number]

export interface ProbeDns {
  host: string
  /** the host is an IP address: nothing was resolved */
  literal: boolean
  /** in the order the system resolver gave them */
  addresses: { address: string; family: 4 | 6 }[]
  /** the resolver's error code, e.g. ENOTFOUND, EAI_AGAIN */
  error?: string
  /** milliseconds */
  ms: number
}

export interface ProbeConnect {
  address: string
  port: number
  result: ConnectResult
  /** the system's error code, e.g. ECONNREFUSED */
  error?: string
  /** milliseconds until connected or failed */
  ms: number
}

export interface ProbeCertificate {
  subject: string
  issuer: string
  notBefore: string
  notAfter: string
  /** SHA-256 of the DER bytes, lowercase hex */
  sha256: Sha256Hex
}

export interface ProbeTls {
  /** the server name sent (SNI); absent for an IP address, which TLS does not send */
  serverName?: string
  /** e.g. "TLSv1.3" */
  protocol?: string
  cipher?: string
  /**
   * Leaf first: what the server presented, and, when the chain verified, the trusted root
   * that completed it (as Node's TLS reports the peer chain).
   */
  certificates: ProbeCertificate[]
  /** SHA-256 of those certificates' DER bytes concatenated, leaf first */
  chainSha256?: Sha256Hex
  /** whether the chain verified and named the host */
  authorized: boolean
  /** why not, in OpenSSL's words (e.g. DEPTH_ZERO_SELF_SIGNED_CERT), or the handshake's error */
  error?: string
  /** milliseconds */
  ms: number
}

export interface ProbeHttp {
  status: number
  statusText?: string
  /** e.g. "1.1" */
  httpVersion: string
  headers: HttpHeader[]
  /** how many bytes of the body were read, at most `bodyLimit` */
  bodyBytes: number
  /** SHA-256 of those bytes */
  bodySha256: Sha256Hex
  /** the body went on past the bytes read */
  bodyTruncated: boolean
  bodyLimit: number
  /** milliseconds from sending the request to the response's status line */
  ttfbMs: number
}

/** Where the measurement was made from: this computer's network, as it saw itself. */
export interface ProbeVantage {
  /** every address of every interface (os.networkInterfaces) */
  interfaces: { name: string; address: string; family: 4 | 6; internal: boolean }[]
  /** the DNS servers Node's resolver uses (dns.getServers) */
  resolvers: string[]
  platform: string
}

/**
 * One availability measurement of one URL from this computer (DESIGN "Entries"): DNS, a TCP
 * connection to every address, the TLS handshake, one HTTP GET, and how it ended. It proves
 * what this computer saw at that moment, not what anyone else saw.
 */
export interface ProbePayload extends Linked {
  url: string
  outcome: ProbeOutcome
  /** for http-error (and ok): the status */
  status?: number
  /** the error code behind a failed outcome, e.g. ENOTFOUND, ECONNRESET, CERT_HAS_EXPIRED */
  reason?: string
  /** UTC ISO 8601, from this computer's clock */
  startedAt: string
  endedAt: string
  /** the time limit of the whole measurement, milliseconds */
  timeoutMs: number
  dns: ProbeDns
  connects: ProbeConnect[]
  tls?: ProbeTls
  http?: ProbeHttp
  vantage: ProbeVantage
  tool: { name: string; version: string }
  operator: string
}
