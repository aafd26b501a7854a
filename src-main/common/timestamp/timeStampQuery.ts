import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'

export const SHA256_OID = '2.16.840.1.101.3.4.2.1'

/**
 * An RFC 3161 TimeStampReq (DER): version 1, a SHA-256 message imprint, the nonce, and
 * certReq true, so the authority sends the certificate it signs with (a verifier needs it).
 * @param imprint 32 bytes, SHA-256 of the head statement
 * @param nonce the nonce's big-endian bytes, a positive minimal DER integer (see newNonce)
 */
export function buildTimeStampQuery(imprint: Uint8Array, nonce: Uint8Array): Uint8Array {
  if (imprint.length !== 32) throw new RangeError('the imprint is a SHA-256 digest, 32 bytes')
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({
        algorithmId: SHA256_OID,
        algorithmParams: new asn1js.Null()
      }),
      hashedMessage: new asn1js.OctetString({ valueHex: imprint.slice().buffer })
    }),
    nonce: new asn1js.Integer({ valueHex: nonce.slice().buffer }),
    certReq: true
  })
  return new Uint8Array(request.toSchema().toBER())
}

/**
 * A nonce from 8 random bytes, shaped so its DER integer is positive and minimal (first byte
 * 0x40–0x7f): the authority echoes it and the answer is compared byte for byte.
 */
export function newNonce(random: Uint8Array): Uint8Array {
  if (random.length !== 8) throw new RangeError('8 random bytes')
  const nonce = random.slice()
  nonce[0] = ((nonce[0] ?? 0) & 0x3f) | 0x40
  return nonce
}
