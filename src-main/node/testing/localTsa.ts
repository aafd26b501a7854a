import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { certificateSerial, issueCertificate, newKeyAndCsr, newRootCa } from './opensslCa'

/**
 * A local RFC 3161 time-stamping authority for the tests and the benchmark: Debian's
 * `openssl ts -reply` behind a small HTTP server on 127.0.0.1, with its own root CA and a
 * TSA certificate that carries the critical timeStamping extended key usage, as a public
 * authority's does. Everything is generated with the openssl command line at test start, in
 * a temporary directory, so a reader can redo each step by hand.
 */

const run = promisify(execFile)

/** The authority's keys and certificates, PEM files in `dir`. */
export interface TsaPki {
  dir: string
  /** the root a verifier is told to trust (`--tsa-ca`) */
  rootPem: string
  rootPath: string
  /** a root nobody is told to trust, which signs the `untrusted` authority's certificate */
  otherRootPem: string
}

/**
 * How the authority misbehaves:
 * - `ok`: answers as a public authority does;
 * - `no-eku`: signs with a certificate of the same root and key that lacks the timeStamping
 *   key usage (openssl refuses to, so it re-signs openssl's TSTInfo with `openssl cms -cades`);
 * - `wrong-signer-binding`: a bad ESSCertID. It signs as the authority (its signed
 *   attributes name `tsa.pem` by hash) but ships, instead of that certificate, another one the
 *   root issued for the same key, subject and serial number: every check but the ESSCertID
 *   binding passes, so only that check can refuse it (RFC 5035's certificate substitution);
 * - `untrusted`: its certificate chains to a root that is not trusted;
 * - `wrong-imprint`: answers for another hash than the one asked about;
 * - `wrong-nonce`: answers with another nonce;
 * - `tampered`: changes one byte of the signed genTime after signing;
 * - `rejection`: answers status 2 (rejection), no token;
 * - `garbage`: answers HTTP 200 with bytes that are not a TimeStampResp.
 */
export type LocalTsaMode =
  | 'ok'
  | 'no-eku'
  | 'wrong-signer-binding'
  | 'untrusted'
  | 'wrong-imprint'
  | 'wrong-nonce'
  | 'tampered'
  | 'rejection'
  | 'garbage'

export interface LocalTsa {
  url: string
  /** how many time-stamp queries it has answered */
  readonly answered: number
  setMode(mode: LocalTsaMode): void
  close(): Promise<void>
}

const TSA_EXTENSIONS =
  'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n'
const NO_EKU_EXTENSIONS = 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n'

function tsaConfig(signer: string, key: string, chain: string): string {
  return [
    '[ tsa ]',
    'default_tsa = tsa1',
    '[ tsa1 ]',
    'serial = ./serial',
    'crypto_device = builtin',
    `signer_cert = ./${signer}.pem`,
    `certs = ./${chain}.pem`,
    `signer_key = ./${key}.key`,
    'signer_digest = sha256',
    'default_policy = 1.3.6.1.4.1.99999.1.1',
    'other_policies = 1.3.6.1.4.1.99999.1.2',
    'digests = sha256, sha384, sha512',
    'accuracy = secs:1',
    'ordering = yes',
    'tsa_name = yes',
    'ess_cert_id_chain = no',
    'ess_cert_id_alg = sha256',
    ''
  ].join('\n')
}

/** Makes the roots and the TSA certificates in a new temporary directory. */
export async function makeTsaPki(): Promise<TsaPki> {
  const dir = await mkdtemp(join(tmpdir(), 'dalel-tsa-'))
  newRootCa(dir, 'root', '/CN=Dalel Test TSA Root/O=Dalel tests')
  newRootCa(dir, 'other-root', '/CN=Untrusted Root/O=Somebody else')
  newKeyAndCsr(dir, 'tsa', '/CN=Dalel Test TSA/O=Dalel tests')
  issueCertificate(dir, 'tsa', 'root', TSA_EXTENSIONS)
  issueCertificate(dir, 'tsa-no-eku', 'root', NO_EKU_EXTENSIONS, { csr: 'tsa' })
  // Same key, subject, issuer and serial as tsa.pem, another validity: another certificate.
  issueCertificate(dir, 'tsa-substitute', 'root', TSA_EXTENSIONS, {
    csr: 'tsa',
    serial: certificateSerial(dir, 'tsa'),
    days: '29'
  })
  await writeFile(
    join(dir, 'tsa-substitute-chain.pem'),
    (await readFile(join(dir, 'tsa-substitute.pem'), 'utf8')) +
      (await readFile(join(dir, 'root.pem'), 'utf8'))
  )
  newKeyAndCsr(dir, 'other-tsa', '/CN=Untrusted TSA/O=Somebody else')
  issueCertificate(dir, 'other-tsa', 'other-root', TSA_EXTENSIONS)
  await writeFile(join(dir, 'tsa.cnf'), tsaConfig('tsa', 'tsa', 'root'))
  await writeFile(join(dir, 'other-tsa.cnf'), tsaConfig('other-tsa', 'other-tsa', 'other-root'))
  await writeFile(join(dir, 'serial'), '01\n')
  return {
    dir,
    rootPath: join(dir, 'root.pem'),
    rootPem: await readFile(join(dir, 'root.pem'), 'utf8'),
    otherRootPem: await readFile(join(dir, 'other-root.pem'), 'utf8')
  }
}

export async function removeTsaPki(pki: TsaPki): Promise<void> {
  await rm(pki.dir, { recursive: true, force: true })
}

function derOf(schema: { toBER(): ArrayBuffer }): Uint8Array {
  return new Uint8Array(schema.toBER())
}

/** The query with its imprint or nonce changed, for the authorities that answer wrongly. */
function alteredQuery(query: Uint8Array, mode: LocalTsaMode): Uint8Array {
  if (mode !== 'wrong-imprint' && mode !== 'wrong-nonce') return query
  const request = pkijs.TimeStampReq.fromBER(query.slice().buffer)
  if (mode === 'wrong-imprint') {
    const hash = new Uint8Array(request.messageImprint.hashedMessage.valueBlock.valueHexView)
    hash[0] = (hash[0] ?? 0) ^ 0xff
    request.messageImprint.hashedMessage = new asn1js.OctetString({ valueHex: hash })
  } else {
    request.nonce = new asn1js.Integer({ value: 4242 })
  }
  return derOf(request.toSchema())
}

/** DER length octets. */
function derLength(length: number): number[] {
  if (length < 0x80) return [length]
  const bytes: number[] = []
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256)
  return [0x80 | bytes.length, ...bytes]
}

/** TimeStampResp ::= SEQUENCE { status PKIStatusInfo (granted), timeStampToken }. */
function grantedResponse(token: Uint8Array): Uint8Array {
  const body = [0x30, 0x03, 0x02, 0x01, 0x00, ...token]
  return new Uint8Array([0x30, ...derLength(body.length), ...body])
}

/**
 * Moves the TSTInfo's genTime (GeneralizedTime, tag 0x18, YYYYMMDDHHMMSSZ) one step later
 * after signing: later, never earlier, so the chain (checked at genTime) still holds and only
 * the signature can catch it.
 */
function tamperGenTime(response: Uint8Array): Uint8Array {
  const out = new Uint8Array(response)
  for (let i = 0; i + 16 < out.length; i++) {
    const length = out[i + 1] ?? 0
    if (out[i] === 0x18 && length === 15 && out[i + 1 + length] === 0x5a) {
      // seconds units, seconds tens, minutes units, minutes tens, and their largest digits
      for (const [offset, max] of [
        [13, 9],
        [12, 5],
        [11, 9],
        [10, 5]
      ] as const) {
        const at = i + 2 + offset
        const digit = (out[at] ?? 0x30) - 0x30
        if (digit < max) {
          out[at] = 0x30 + digit + 1
          return out
        }
      }
    }
  }
  throw new Error('no genTime in the response')
}

async function answer(pki: TsaPki, query: Uint8Array, mode: LocalTsaMode): Promise<Uint8Array> {
  if (mode === 'garbage') return new TextEncoder().encode('<html>not a time stamp</html>')
  const work = await mkdtemp(join(pki.dir, 'q-'))
  try {
    await writeFile(join(work, 'query.tsq'), alteredQuery(query, mode))
    const config = mode === 'untrusted' ? 'other-tsa.cnf' : 'tsa.cnf'
    if (mode === 'rejection') {
      // PKIStatusInfo { status rejection (2) }, no token.
      return new Uint8Array([0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x02])
    }
    await run(
      'openssl',
      [
        'ts',
        '-reply',
        '-config',
        config,
        '-queryfile',
        join(work, 'query.tsq'),
        '-out',
        join(work, 'reply.tsr')
      ],
      { cwd: pki.dir }
    )
    if (mode === 'no-eku' || mode === 'wrong-signer-binding') {
      // The TSTInfo openssl signed, signed again: by a certificate without the key usage, or
      // as the authority but carrying the substitute certificate instead of the signer's.
      const signer =
        mode === 'no-eku'
          ? ['-signer', join(pki.dir, 'tsa-no-eku.pem'), '-certfile', join(pki.dir, 'root.pem')]
          : [
              '-signer',
              join(pki.dir, 'tsa.pem'),
              '-nocerts',
              '-certfile',
              join(pki.dir, 'tsa-substitute-chain.pem')
            ]
      await run(
        'openssl',
        ['ts', '-reply', '-in', 'reply.tsr', '-token_out', '-out', 'token.der'],
        {
          cwd: work
        }
      )
      await run(
        'openssl',
        [
          'cms',
          '-verify',
          '-noverify',
          '-inform',
          'DER',
          '-in',
          'token.der',
          '-out',
          'tstinfo.der'
        ],
        { cwd: work }
      )
      await run(
        'openssl',
        [
          'cms',
          '-sign',
          '-binary',
          '-nodetach',
          '-cades',
          '-nosmimecap',
          '-outform',
          'DER',
          '-econtent_type',
          '1.2.840.113549.1.9.16.1.4',
          '-md',
          'sha256',
          ...signer,
          '-inkey',
          join(pki.dir, 'tsa.key'),
          '-in',
          'tstinfo.der',
          '-out',
          'signed.der'
        ],
        { cwd: work }
      )
      return grantedResponse(new Uint8Array(await readFile(join(work, 'signed.der'))))
    }
    const reply = new Uint8Array(await readFile(join(work, 'reply.tsr')))
    return mode === 'tampered' ? tamperGenTime(reply) : reply
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

async function readBody(request: AsyncIterable<unknown>): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return new Uint8Array(Buffer.concat(chunks))
}

/** Starts the authority on 127.0.0.1 and a random port; answers POSTs of a time-stamp query. */
export async function startLocalTsa(pki: TsaPki, mode: LocalTsaMode = 'ok'): Promise<LocalTsa> {
  let current = mode
  let answered = 0
  // openssl keeps the serial number in a file: one reply at a time.
  let queue: Promise<void> = Promise.resolve()
  const server: Server = createServer((request, response) => {
    const handle = async (): Promise<void> => {
      if (
        request.method !== 'POST' ||
        request.headers['content-type'] !== 'application/timestamp-query'
      ) {
        response.writeHead(415).end()
        return
      }
      const query = await readBody(request)
      const previous = queue
      let release = (): void => undefined
      queue = new Promise<void>((resolve) => {
        release = resolve
      })
      let body: Uint8Array
      try {
        await previous
        body = await answer(pki, query, current)
      } finally {
        release()
      }
      answered += 1
      response
        .writeHead(200, {
          'content-type': 'application/timestamp-reply',
          'content-length': body.length
        })
        .end(Buffer.from(body))
    }
    handle().catch((error: unknown) => {
      response.writeHead(500).end(String(error))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    get answered() {
      return answered
    },
    setMode(next) {
      current = next
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => {
          resolve()
        })
      })
  }
}

/** The URL of an authority that is down: a port that was just free and is closed again. */
export async function downTsaUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve()
    })
  )
  return `http://127.0.0.1:${port}/tsa`
}
