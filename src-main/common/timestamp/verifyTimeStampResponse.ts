import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { bytesEqual } from '../encoding/bytes'
import { toHex } from '../encoding/hex'
import { SHA256_OID } from './timeStampQuery'

const SIGNED_DATA_OID = '1.2.840.113549.1.7.2'
const TST_INFO_OID = '1.2.840.113549.1.9.16.1.4'
const EXT_KEY_USAGE_OID = '2.5.29.37'
const TIME_STAMPING_OID = '1.3.6.1.5.5.7.3.8'
const SIGNING_CERTIFICATE_OID = '1.2.840.113549.1.9.16.2.12'
const SIGNING_CERTIFICATE_V2_OID = '1.2.840.113549.1.9.16.2.47'
const HASH_NAMES: Record<string, string> = {
  '1.3.14.3.2.26': 'SHA-1',
  [SHA256_OID]: 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512'
}
const NAME_LABELS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST'
}

/**
 * How long a machine's clock may run ahead of an authority's: genTime may be this much
 * earlier than the newest covered entry's recordedAt (plus the token's stated accuracy)
 * before the token is refused. Stamping right after a capture meets ordinary clock drift.
 */
export const CLOCK_SKEW_MS = 120_000

/** Why a token does not verify; each has a translated line (`tokenProblem.<code>`). */
export const TOKEN_PROBLEMS = [
  /** not a TimeStampResp, or a token without the parts RFC 3161 requires */
  'token-malformed',
  /** the authority answered with a status other than granted */
  'token-not-granted',
  /** the signature over the TSTInfo does not verify: the token was changed */
  'token-signature',
  /** the signer's certificate does not lead to a trusted root (or was not valid at genTime) */
  'token-untrusted',
  /** the signer's certificate lacks the critical timeStamping extended key usage */
  'token-key-usage',
  /** the signed ESSCertID(v2) does not name the certificate that signed */
  'token-signer-binding',
  /** the token is for another hash than the head statement's */
  'token-imprint',
  /** the token answers another request (its nonce differs) */
  'token-nonce',
  /** genTime is before the entries it covers were recorded */
  'token-before-entries'
] as const
export type TokenProblemCode = (typeof TOKEN_PROBLEMS)[number]

/** What a token says, read from it (true only once verified). */
export interface TokenFacts {
  /** ISO 8601 UTC */
  genTime: string
  /** the token's serial number, hex */
  serial: string
  /** the authority's policy OID */
  policy: string
  /** the signer certificate's subject, e.g. "CN=Test TSA, O=Example" */
  signer: string
  /** the certificates the authority sent, signer first when it can be told, DER */
  certificates: Uint8Array[]
}

export interface TokenExpectation {
  /** the head statement's bytes the token must cover */
  statement: Uint8Array
  /** roots to trust, DER */
  trustedRoots: readonly Uint8Array[]
  /** the request's nonce; checked only when given (on receipt; a stored token has no request) */
  nonce?: Uint8Array
  /** the newest covered entry's recordedAt, ISO 8601 */
  notBefore?: string
}

export type TokenVerdict =
  | { ok: true; facts: TokenFacts }
  | { ok: false; code: TokenProblemCode; detail: string; facts?: TokenFacts }

class TokenProblem extends Error {
  constructor(
    readonly code: TokenProblemCode,
    detail: string
  ) {
    super(detail)
  }
}

function engine(): pkijs.CryptoEngine {
  // Passed explicitly, so the same code runs in Node (globalThis.crypto is WebCrypto) and
  // in verify.html, whatever pkijs guessed when it loaded.
  return new pkijs.CryptoEngine({ name: 'dalel', crypto: globalThis.crypto })
}

async function digest(name: string, bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest(name, bytes.slice()))
}

function view(buffer: ArrayBuffer | ArrayBufferView): Uint8Array {
  return buffer instanceof ArrayBuffer
    ? new Uint8Array(buffer)
    : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

/** A distinguished name the way openssl's one-line form reads. */
export function distinguishedName(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((tv) => {
      const value = (tv.value as { valueBlock?: { value?: unknown } }).valueBlock?.value
      return `${NAME_LABELS[tv.type] ?? tv.type}=${typeof value === 'string' ? value : '?'}`
    })
    .join(', ')
}

function certificateDer(certificate: pkijs.Certificate): Uint8Array {
  return new Uint8Array(certificate.toSchema().toBER())
}

/** Roots are parsed once: the system store is ~140 certificates, asked about on every check. */
const parsed = new WeakMap<Uint8Array, pkijs.Certificate>()
function parsedCertificate(der: Uint8Array): pkijs.Certificate {
  let certificate = parsed.get(der)
  if (certificate === undefined) {
    certificate = pkijs.Certificate.fromBER(der.slice().buffer)
    parsed.set(der, certificate)
  }
  return certificate
}

interface ParsedToken {
  signedData: pkijs.SignedData
  tstInfo: pkijs.TSTInfo
  facts: TokenFacts
}

function parseResponse(der: Uint8Array): ParsedToken {
  let response: pkijs.TimeStampResp
  try {
    response = pkijs.TimeStampResp.fromBER(der.slice().buffer)
  } catch (error) {
    throw new TokenProblem('token-malformed', `not a TimeStampResp: ${String(error)}`)
  }
  const status = response.status.status
  if (status !== pkijs.PKIStatus.granted && status !== pkijs.PKIStatus.grantedWithMods)
    throw new TokenProblem('token-not-granted', `the authority answered status ${status}`)
  const token = response.timeStampToken
  if (token?.contentType !== SIGNED_DATA_OID)
    throw new TokenProblem('token-malformed', 'the response holds no signed token')
  try {
    const signedData = new pkijs.SignedData({ schema: token.content })
    const content = signedData.encapContentInfo
    if (content.eContentType !== TST_INFO_OID || content.eContent === undefined)
      throw new Error('the signed content is not a TSTInfo')
    const tstInfo = pkijs.TSTInfo.fromBER(content.eContent.getValue())
    if (signedData.signerInfos.length !== 1) throw new Error('a token has exactly one signer')
    const certificates = (signedData.certificates ?? []).filter(
      (c): c is pkijs.Certificate => c instanceof pkijs.Certificate
    )
    const signerCertificate = findSigner(signedData, certificates)
    const ordered = signerCertificate
      ? [signerCertificate, ...certificates.filter((c) => c !== signerCertificate)]
      : certificates
    return {
      signedData,
      tstInfo,
      facts: {
        genTime: tstInfo.genTime.toISOString(),
        serial: toHex(view(tstInfo.serialNumber.valueBlock.valueHexView)),
        policy: tstInfo.policy,
        signer: signerCertificate ? distinguishedName(signerCertificate.subject) : '',
        certificates: ordered.map(certificateDer)
      }
    }
  } catch (error) {
    if (error instanceof TokenProblem) throw error
    throw new TokenProblem(
      'token-malformed',
      String(error instanceof Error ? error.message : error)
    )
  }
}

/** The certificate the signerInfo names by issuer and serial number (what openssl writes). */
function findSigner(
  signedData: pkijs.SignedData,
  certificates: readonly pkijs.Certificate[]
): pkijs.Certificate | undefined {
  const sid: unknown = signedData.signerInfos[0]?.sid
  if (!(sid instanceof pkijs.IssuerAndSerialNumber)) return undefined
  return certificates.find(
    (c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber)
  )
}

/** Reads a TimeStampResp without verifying it (for listing what a stored anchor holds). */
export function readTimeStampResponse(der: Uint8Array): TokenFacts | null {
  try {
    return parseResponse(der).facts
  } catch {
    return null
  }
}

/** RFC 3161 §2.3: exactly one extended key usage, id-kp-timeStamping, and it is critical. */
function checkKeyUsage(signer: pkijs.Certificate): void {
  const extension = signer.extensions?.find((e) => e.extnID === EXT_KEY_USAGE_OID)
  if (extension === undefined)
    throw new TokenProblem('token-key-usage', 'the signer has no extended key usage')
  if (!extension.critical)
    throw new TokenProblem('token-key-usage', 'the extended key usage is not critical')
  const purposes = (extension.parsedValue as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? []
  if (purposes.length !== 1 || purposes[0] !== TIME_STAMPING_OID)
    throw new TokenProblem('token-key-usage', `key purposes ${purposes.join(', ')}`)
}

/**
 * RFC 3161 §2.4.1 / RFC 5816: the signed attributes name the signing certificate by its
 * hash (ESSCertID, SHA-1; or ESSCertIDv2, SHA-256 unless stated), so a certificate swapped
 * in for the signer's with the same key is caught.
 */
async function checkSignerBinding(
  signedData: pkijs.SignedData,
  signer: pkijs.Certificate
): Promise<void> {
  const fail = (detail: string) => new TokenProblem('token-signer-binding', detail)
  const attributes = signedData.signerInfos[0]?.signedAttrs?.attributes ?? []
  const v2 = attributes.find((a) => a.type === SIGNING_CERTIFICATE_V2_OID)
  const attribute = v2 ?? attributes.find((a) => a.type === SIGNING_CERTIFICATE_OID)
  if (attribute === undefined) throw fail('no signing-certificate attribute')
  const sequence = (node: unknown): asn1js.AsnType[] => {
    if (!(node instanceof asn1js.Sequence)) throw fail('malformed signing-certificate attribute')
    return node.valueBlock.value
  }
  const first = sequence(sequence(sequence(attribute.values[0])[0])[0])
  let hashName = v2 === undefined ? 'SHA-1' : 'SHA-256'
  let at = 0
  if (v2 !== undefined && first[0] instanceof asn1js.Sequence) {
    const algorithm = new pkijs.AlgorithmIdentifier({ schema: first[0] })
    const named = HASH_NAMES[algorithm.algorithmId]
    if (named === undefined) throw fail(`unknown hash ${algorithm.algorithmId}`)
    hashName = named
    at = 1
  }
  const certHash = first[at]
  if (!(certHash instanceof asn1js.OctetString)) throw fail('malformed ESSCertID')
  const expected = await digest(hashName, certificateDer(signer))
  if (!bytesEqual(view(certHash.valueBlock.valueHexView), expected))
    throw fail('the ESSCertID hash is not the signer certificate’s')
  const issuerSerial = first[at + 1]
  if (issuerSerial !== undefined) {
    const serial = sequence(issuerSerial)[1]
    if (!(serial instanceof asn1js.Integer) || !serial.isEqual(signer.serialNumber))
      throw fail('the ESSCertID serial number is not the signer certificate’s')
  }
}

function accuracyMs(tstInfo: pkijs.TSTInfo): number {
  const accuracy = tstInfo.accuracy
  if (accuracy === undefined) return 0
  return (
    (accuracy.seconds ?? 0) * 1000 +
    (accuracy.millis ?? 0) +
    Math.ceil((accuracy.micros ?? 0) / 1000)
  )
}

async function check(der: Uint8Array, expect: TokenExpectation): Promise<TokenFacts> {
  const { signedData, tstInfo, facts } = parseResponse(der)
  const imprint = tstInfo.messageImprint
  if (
    imprint.hashAlgorithm.algorithmId !== SHA256_OID ||
    !bytesEqual(
      view(imprint.hashedMessage.valueBlock.valueHexView),
      await digest('SHA-256', expect.statement)
    )
  )
    throw new TokenProblem('token-imprint', 'the token covers another hash')
  if (
    expect.nonce !== undefined &&
    (tstInfo.nonce === undefined ||
      !bytesEqual(view(tstInfo.nonce.valueBlock.valueHexView), expect.nonce))
  )
    throw new TokenProblem('token-nonce', 'the nonce differs from the request’s')
  const trustedCerts = expect.trustedRoots.map(parsedCertificate)
  let result: pkijs.SignedDataVerifyResult
  try {
    // signer 0, the covered data, and checkChain with the trusted roots: without them pkijs
    // reports success for a token whose chain leads nowhere.
    result = await signedData.verify(
      {
        signer: 0,
        data: expect.statement.slice().buffer,
        trustedCerts,
        checkChain: true,
        extendedMode: true
      },
      engine()
    )
  } catch (error) {
    const { code, message } = error as { code?: number; message?: string }
    if (code === 5) throw new TokenProblem('token-untrusted', message ?? 'untrusted chain')
    throw new TokenProblem('token-signature', message ?? String(error))
  }
  if (result.signatureVerified !== true || result.signerCertificate == null)
    throw new TokenProblem('token-signature', 'the signature does not verify')
  checkKeyUsage(result.signerCertificate)
  await checkSignerBinding(signedData, result.signerCertificate)
  if (expect.notBefore !== undefined) {
    const slack = CLOCK_SKEW_MS + accuracyMs(tstInfo)
    if (tstInfo.genTime.getTime() + slack < Date.parse(expect.notBefore))
      throw new TokenProblem(
        'token-before-entries',
        `genTime ${facts.genTime} is before ${expect.notBefore}`
      )
  }
  return facts
}

/**
 * Verifies a TimeStampResp against the head statement it must cover: granted, a well-formed
 * token, its imprint and (on receipt) its nonce, the CMS signature and the chain to a
 * trusted root at genTime (pkijs), then what pkijs does not check: the signer's critical
 * timeStamping key usage, the ESSCertID(v2) binding, and genTime against the entries.
 */
export async function verifyTimeStampResponse(
  der: Uint8Array,
  expect: TokenExpectation
): Promise<TokenVerdict> {
  try {
    return { ok: true, facts: await check(der, expect) }
  } catch (error) {
    const facts = readTimeStampResponse(der) ?? undefined
    if (error instanceof TokenProblem)
      return { ok: false, code: error.code, detail: error.message, ...(facts ? { facts } : {}) }
    return {
      ok: false,
      code: 'token-malformed',
      detail: error instanceof Error ? error.message : String(error),
      ...(facts ? { facts } : {})
    }
  }
}

/** A stored token checked again: trusted, sound but not chaining to a trusted root, or not. */
export type StoredTokenCheck =
  | { status: 'verified'; facts: TokenFacts }
  | { status: 'root-not-trusted'; facts: TokenFacts }
  | { status: 'failed'; code: TokenProblemCode; detail: string; facts?: TokenFacts }

/**
 * Checks a token recorded earlier. When its chain does not reach a trusted root (a root
 * since removed from the system store, an authority whose CA this computer was never told
 * of, or verify.html, which has no store at all), it is checked once more with the
 * certificates the authority sent as the only trust: a token that passes that is intact and
 * says what it says, and whether to trust that authority is stated, not decided, here.
 */
export async function checkStoredToken(
  der: Uint8Array,
  expect: Omit<TokenExpectation, 'nonce'>
): Promise<StoredTokenCheck> {
  const verdict = await verifyTimeStampResponse(der, expect)
  if (verdict.ok) return { status: 'verified', facts: verdict.facts }
  if (verdict.code !== 'token-untrusted' || verdict.facts === undefined)
    return {
      status: 'failed',
      code: verdict.code,
      detail: verdict.detail,
      ...optionalFacts(verdict)
    }
  const asSent = await verifyTimeStampResponse(der, {
    ...expect,
    trustedRoots: verdict.facts.certificates
  })
  if (asSent.ok) return { status: 'root-not-trusted', facts: asSent.facts }
  return { status: 'failed', code: asSent.code, detail: asSent.detail, ...optionalFacts(asSent) }
}

function optionalFacts(verdict: { facts?: TokenFacts }): { facts?: TokenFacts } {
  return verdict.facts !== undefined ? { facts: verdict.facts } : {}
}
