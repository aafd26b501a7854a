import { createHash, X509Certificate } from 'node:crypto'
import { getServers, promises as dnsPromises } from 'node:dns'
import { request as httpRequest } from 'node:http'
import type { IncomingMessage } from 'node:http'
import { isIP, connect as netConnect } from 'node:net'
import type { Socket } from 'node:net'
import { networkInterfaces, platform } from 'node:os'
import { rootCertificates, connect as tlsConnect } from 'node:tls'
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls'
import type { Clock } from '../../common/crypto/EvidenceCrypto'
import type { Sha256Hex } from '../../common/encoding/brands'
import type {
  ConnectResult,
  HttpHeader,
  ProbeCertificate,
  ProbeConnect,
  ProbeDns,
  ProbeHttp,
  ProbeOutcome,
  ProbePayload,
  ProbeTls,
  ProbeVantage
} from '../../common/entry/Entry'

/** How much of the body is read and hashed: enough to tell an error page from the site. */
export const PROBE_BODY_LIMIT = 1024 * 1024
export const DEFAULT_PROBE_TIMEOUT_MS = 15_000

export interface ProbeOptions {
  /** the whole measurement's time limit */
  timeoutMs: number
  operator: string
  tool: { name: string; version: string }
  /** extra trusted roots (PEM), for tests with their own PKI; the system's are used besides */
  ca?: readonly string[]
  bodyLimit?: number
}

const sha256 = (bytes: Uint8Array): Sha256Hex =>
  createHash('sha256').update(bytes).digest('hex') as Sha256Hex

/** The system error code of a failure (ECONNREFUSED…), else its message. */
function codeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = error.code
    if (typeof code === 'string') return code
  }
  return error instanceof Error ? error.message : String(error)
}

function connectResultOf(code: string): ConnectResult {
  switch (code) {
    case 'ECONNREFUSED':
      return 'refused'
    case 'ECONNRESET':
    case 'EPIPE':
      return 'reset'
    case 'ETIMEDOUT':
      return 'timeout'
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return 'unreachable'
    default:
      return 'error'
  }
}

/** Rejects with ETIMEDOUT when `ms` passes first; `onTimeout` cleans up what was started. */
async function within<T>(ms: number, work: Promise<T>, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        onTimeout()
        reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }))
      },
      Math.max(0, ms)
    )
  })
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** The network facts that place this computer: its addresses and its DNS servers. */
export function probeVantage(): ProbeVantage {
  const interfaces: ProbeVantage['interfaces'] = []
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    for (const a of addresses ?? [])
      interfaces.push({
        name,
        address: a.address,
        family: a.family === 'IPv6' ? 6 : 4,
        internal: a.internal
      })
  }
  return { interfaces, resolvers: getServers(), platform: platform() }
}

async function resolve(host: string, ms: number): Promise<ProbeDns> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  const family = isIP(host)
  if (family !== 0)
    return {
      host,
      literal: true,
      addresses: [{ address: host, family: family === 6 ? 6 : 4 }],
      ms: 0
    }
  try {
    // getaddrinfo, as browsers and every other program on this computer resolve names
    // (hosts file, the configured resolvers, search domains).
    const answers = await within(
      ms,
      dnsPromises.lookup(host, { all: true, verbatim: true }),
      () => undefined
    )
    return {
      host,
      literal: false,
      addresses: answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 })),
      ms: elapsed()
    }
  } catch (error) {
    return { host, literal: false, addresses: [], error: codeOf(error), ms: elapsed() }
  }
}

/** One TCP connection; the socket stays open when it connected, for the request after it. */
async function connectTo(
  address: string,
  port: number,
  ms: number
): Promise<{ connect: ProbeConnect; socket: Socket | null }> {
  const started = performance.now()
  const socket = netConnect({ host: address, port })
  const done = (result: ConnectResult, error?: string) => ({
    address,
    port,
    result,
    ...(error !== undefined ? { error } : {}),
    ms: Math.round(performance.now() - started)
  })
  try {
    await within(
      ms,
      new Promise<void>((resolveConnect, reject) => {
        socket.once('connect', () => {
          resolveConnect()
        })
        socket.once('error', reject)
      }),
      () => socket.destroy()
    )
    socket.removeAllListeners('error')
    return { connect: done('ok'), socket }
  } catch (error) {
    socket.destroy()
    const code = codeOf(error)
    return { connect: done(connectResultOf(code), code), socket: null }
  }
}

function certificateOf(raw: Buffer): { fields: ProbeCertificate; der: Buffer } {
  const x509 = new X509Certificate(raw)
  return {
    fields: {
      subject: x509.subject.replace(/\n/g, ', '),
      issuer: x509.issuer.replace(/\n/g, ', '),
      notBefore: new Date(x509.validFrom).toISOString(),
      notAfter: new Date(x509.validTo).toISOString(),
      sha256: sha256(raw)
    },
    der: raw
  }
}

/** The presented chain, leaf first, each certificate once (a self-signed root names itself). */
function presentedChain(socket: TLSSocket): { fields: ProbeCertificate; der: Buffer }[] {
  const chain: { fields: ProbeCertificate; der: Buffer }[] = []
  // At run time an empty object stands for "no certificate", whatever the types say; the
  // root's issuer is itself.
  let peer = socket.getPeerCertificate(true) as Partial<DetailedPeerCertificate> | undefined
  const seen = new Set<string>()
  while (peer?.raw !== undefined && !seen.has(peer.raw.toString('base64'))) {
    seen.add(peer.raw.toString('base64'))
    chain.push(certificateOf(peer.raw))
    peer = peer.issuerCertificate
  }
  return chain
}

async function handshake(
  socket: Socket,
  host: string,
  literal: boolean,
  ca: readonly string[] | undefined,
  ms: number
): Promise<{ tls: ProbeTls; socket: TLSSocket | null }> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  const secure = tlsConnect({
    socket,
    ...(literal ? {} : { servername: host }),
    // Verified below, after the chain is recorded: a refused certificate is evidence too.
    rejectUnauthorized: false,
    ...(ca !== undefined ? { ca: [...ca, ...rootCertificates] } : {}),
    ALPNProtocols: ['http/1.1']
  })
  const base = literal ? {} : { serverName: host }
  try {
    await within(
      ms,
      new Promise<void>((resolveTls, reject) => {
        secure.once('secureConnect', () => {
          resolveTls()
        })
        secure.once('error', reject)
      }),
      () => secure.destroy()
    )
  } catch (error) {
    secure.destroy()
    return {
      tls: { ...base, certificates: [], authorized: false, error: codeOf(error), ms: elapsed() },
      socket: null
    }
  }
  secure.removeAllListeners('error')
  const chain = presentedChain(secure)
  const cipher = secure.getCipher()
  const protocol = secure.getProtocol()
  const authorizationError = secure.authorized ? undefined : String(secure.authorizationError)
  const tls: ProbeTls = {
    ...base,
    ...(protocol !== null ? { protocol } : {}),
    cipher: cipher.name,
    certificates: chain.map((c) => c.fields),
    ...(chain.length > 0 ? { chainSha256: sha256(Buffer.concat(chain.map((c) => c.der))) } : {}),
    authorized: secure.authorized,
    ...(authorizationError !== undefined ? { error: authorizationError } : {}),
    ms: elapsed()
  }
  if (!secure.authorized) {
    secure.destroy()
    return { tls, socket: null }
  }
  return { tls, socket: secure }
}

function headersOf(response: IncomingMessage): HttpHeader[] {
  const raw = response.rawHeaders
  const headers: HttpHeader[] = []
  for (let i = 0; i + 1 < raw.length; i += 2)
    headers.push({ name: raw[i] ?? '', value: raw[i + 1] ?? '' })
  return headers
}

/** One GET over the connection already open; reads at most `limit` bytes of the body. */
async function get(
  socket: Socket,
  url: URL,
  limit: number,
  userAgent: string,
  ms: number
): Promise<ProbeHttp> {
  const started = performance.now()
  const request = httpRequest({
    createConnection: () => socket,
    method: 'GET',
    path: `${url.pathname}${url.search}`,
    setHost: false,
    headers: {
      Host: url.host,
      'User-Agent': userAgent,
      Accept: '*/*',
      'Accept-Encoding': 'identity',
      Connection: 'close'
    }
  })
  return within(
    ms,
    new Promise<ProbeHttp>((resolveHttp, reject) => {
      request.once('error', reject)
      request.once('response', (response) => {
        const ttfbMs = Math.round(performance.now() - started)
        const hash = createHash('sha256')
        let bodyBytes = 0
        let truncated = false
        let finished = false
        const finish = () => {
          if (finished) return
          finished = true
          resolveHttp({
            status: response.statusCode ?? 0,
            ...(response.statusMessage ? { statusText: response.statusMessage } : {}),
            httpVersion: response.httpVersion,
            headers: headersOf(response),
            bodyBytes,
            bodySha256: hash.digest('hex') as Sha256Hex,
            bodyTruncated: truncated,
            bodyLimit: limit,
            ttfbMs
          })
        }
        response.on('data', (chunk: Buffer) => {
          if (truncated) return
          const room = limit - bodyBytes
          const part = chunk.length > room ? chunk.subarray(0, room) : chunk
          hash.update(part)
          bodyBytes += part.length
          if (chunk.length > room) {
            truncated = true
            response.destroy()
            finish()
          }
        })
        response.once('end', finish)
        response.once('error', (error) => {
          if (!truncated) reject(error)
        })
      })
      request.end()
    }),
    () => request.destroy()
  )
}

/**
 * Measures one URL from this computer: resolves its name, connects to every address,
 * shakes hands over TLS (https), sends one GET and reads the start of the body. Never
 * throws for what the network does; every failure is the outcome.
 */
export async function probeUrl(
  address: string,
  options: ProbeOptions,
  deps: { clock: Clock }
): Promise<ProbePayload> {
  const url = new URL(address)
  const startedAt = deps.clock.now().toISOString()
  const deadline = performance.now() + options.timeoutMs
  const left = () => deadline - performance.now()
  const https = url.protocol === 'https:'
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  const port = url.port !== '' ? Number(url.port) : https ? 443 : 80
  const vantage = probeVantage()
  const base = {
    url: url.href,
    startedAt,
    timeoutMs: options.timeoutMs,
    vantage,
    tool: options.tool,
    operator: options.operator
  }
  const end = (
    outcome: ProbeOutcome,
    parts: Partial<Pick<ProbePayload, 'status' | 'reason' | 'tls' | 'http'>> & {
      dns: ProbeDns
      connects: ProbeConnect[]
    }
  ): ProbePayload => ({
    ...base,
    outcome,
    endedAt: deps.clock.now().toISOString(),
    ...parts
  })

  const dns = await resolve(host, left())
  if (dns.error !== undefined || dns.addresses.length === 0)
    return end(dns.error === 'ETIMEDOUT' ? 'timeout' : 'dns-error', {
      reason: dns.error ?? 'ENODATA',
      dns,
      connects: []
    })

  // Every address at once, so an unanswered one costs no more time than the others.
  const attempts = await Promise.all(dns.addresses.map((a) => connectTo(a.address, port, left())))
  const connects = attempts.map((a) => a.connect)
  const open = attempts.find((a) => a.socket !== null)?.socket ?? null
  for (const attempt of attempts) if (attempt.socket !== open) attempt.socket?.destroy()
  if (open === null) {
    const first = connects[0]
    const outcome: ProbeOutcome =
      first?.result === 'timeout' ? 'timeout' : first?.result === 'reset' ? 'reset' : 'refused'
    return end(outcome, {
      ...(first?.error !== undefined ? { reason: first.error } : {}),
      dns,
      connects
    })
  }

  let socket: Socket = open
  let tls: ProbeTls | undefined
  if (https) {
    const shaken = await handshake(open, host, dns.literal, options.ca, left())
    tls = shaken.tls
    if (shaken.socket === null) {
      const code = tls.error ?? 'TLS'
      const outcome = connectResultOf(code)
      return end(outcome === 'timeout' ? 'timeout' : outcome === 'reset' ? 'reset' : 'tls-error', {
        reason: code,
        dns,
        connects,
        tls
      })
    }
    socket = shaken.socket
  }

  try {
    const http = await get(
      socket,
      url,
      options.bodyLimit ?? PROBE_BODY_LIMIT,
      `${options.tool.name}/${options.tool.version} (availability probe)`,
      left()
    )
    return end(http.status >= 400 ? 'http-error' : 'ok', {
      status: http.status,
      dns,
      connects,
      ...(tls !== undefined ? { tls } : {}),
      http
    })
  } catch (error) {
    const code = codeOf(error)
    const result = connectResultOf(code)
    // A connection closed before any answer reads as a reset: the server or a box on the
    // way dropped it, which is what blocking middleboxes and overloaded servers do.
    const outcome: ProbeOutcome =
      result === 'timeout' ? 'timeout' : result === 'refused' ? 'refused' : 'reset'
    return end(outcome, { reason: code, dns, connects, ...(tls !== undefined ? { tls } : {}) })
  } finally {
    socket.destroy()
  }
}
