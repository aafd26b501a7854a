import { createHash, randomBytes } from 'node:crypto'
import type { AnchorToken } from '../../common/entry/Entry'
import type { CoveredHead } from '../../common/timestamp/headStatement'
import { headStatementBytes } from '../../common/timestamp/headStatement'
import { certificatePem, toBase64 } from '../../common/timestamp/pem'
import { buildTimeStampQuery, newNonce } from '../../common/timestamp/timeStampQuery'
import type { TokenProblemCode } from '../../common/timestamp/verifyTimeStampResponse'
import { verifyTimeStampResponse } from '../../common/timestamp/verifyTimeStampResponse'
import { TsaUnreachable, postTimeStampQuery } from './postTimeStampQuery'

/** What one authority did: a verified token, or why there is none. */
export type AuthorityAnswer =
  | { authority: string; ok: true; token: AnchorToken }
  | { authority: string; ok: false; reason: 'unreachable' | TokenProblemCode; detail: string }

export interface CollectOptions {
  authorities: readonly string[]
  /** DER roots a token must chain to */
  trustedRoots: readonly Uint8Array[]
  /** the newest covered entry's recordedAt: a token older than it is refused */
  notBefore: string
  timeoutMs?: number
  /** 8 random bytes per request; tests may fix them */
  random?: (bytes: number) => Uint8Array
}

/**
 * Asks every authority at once for a token over the head statement and checks each answer
 * as `dalel verify` will later, plus the nonce of its own request. Only tokens that verify
 * are returned as ok: an anchor never records a token that could not be checked.
 */
export async function collectTimestamps(
  head: CoveredHead,
  options: CollectOptions
): Promise<AuthorityAnswer[]> {
  const statement = headStatementBytes(head)
  const imprint = new Uint8Array(createHash('sha256').update(statement).digest())
  const random = options.random ?? ((n: number) => new Uint8Array(randomBytes(n)))
  return Promise.all(
    options.authorities.map(async (authority): Promise<AuthorityAnswer> => {
      const nonce = newNonce(random(8))
      let response: Uint8Array
      try {
        response = await postTimeStampQuery(authority, buildTimeStampQuery(imprint, nonce), {
          ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {})
        })
      } catch (error) {
        const detail = error instanceof TsaUnreachable ? error.detail : String(error)
        return { authority, ok: false, reason: 'unreachable', detail }
      }
      const verdict = await verifyTimeStampResponse(response, {
        statement,
        trustedRoots: options.trustedRoots,
        nonce,
        notBefore: options.notBefore
      })
      if (!verdict.ok) return { authority, ok: false, reason: verdict.code, detail: verdict.detail }
      const { facts } = verdict
      return {
        authority,
        ok: true,
        token: {
          authority,
          response: toBase64(response),
          genTime: facts.genTime,
          serial: facts.serial,
          policy: facts.policy,
          signer: facts.signer,
          certificates: facts.certificates.map(certificatePem)
        }
      }
    })
  )
}
