import type { Sha256Hex } from '../../encoding/brands'

// Trusted time (DESIGN "Trusted time"): anchors and the timestamping setting.

/** One RFC 3161 token an authority sent for an anchor's head statement. */
export interface AnchorToken {
  /** the URL the request went to */
  authority: string
  /** the TimeStampResp exactly as received, DER, base64 */
  response: string
  /** the token's genTime, ISO 8601 UTC */
  genTime: string
  /** the token's serial number, hex */
  serial: string
  /** the authority's policy OID */
  policy: string
  /** the signer certificate's subject, e.g. "CN=DigiCert SHA256 RSA4096 Timestamp Responder" */
  signer: string
  /** the certificates the authority sent, signer first, PEM */
  certificates: string[]
}

/**
 * An anchor (DESIGN "Trusted time"): RFC 3161 tokens over the head statement of `covered`,
 * which vouch that entries 1…covered.seq existed no later than each token's genTime. It is
 * appended after the head it covers.
 */
export interface TimestampAnchorPayload {
  action: 'timestamp'
  covered: { seq: number; chain: Sha256Hex }
  tokens: AnchorToken[]
}

/**
 * The vault's timestamping setting, recorded as an entry so that the CLI and the app read the
 * same choice, a backup carries it, and a reader of the chain sees when it changed.
 */
export interface TimestampingSettingPayload {
  action: 'setting'
  enabled: boolean
  /** the authorities asked, in order; empty means Dalel's defaults */
  authorities: string[]
  /** extra CAs the user trusts for tokens, PEM */
  trustedCas: string[]
}

export type AnchorPayload = TimestampAnchorPayload | TimestampingSettingPayload
