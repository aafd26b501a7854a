import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { headStatement, headStatementBytes } from '../../common/timestamp/headStatement'
import { certificatesFromPem, fromBase64 } from '../../common/timestamp/pem'
import { buildTimeStampQuery, newNonce } from '../../common/timestamp/timeStampQuery'
import {
  checkStoredToken,
  verifyTimeStampResponse
} from '../../common/timestamp/verifyTimeStampResponse'
import type { LocalTsa, TsaPki } from '../testing/localTsa'
import { downTsaUrl, makeTsaPki, removeTsaPki, startLocalTsa } from '../testing/localTsa'
import { collectTimestamps } from './collectTimestamps'
import { postTimeStampQuery } from './postTimeStampQuery'
import { trustedTsaRoots } from './trustedTsaRoots'

const head = {
  vaultId: '01936f4e-6b1c-7c3e-9a51-2f0d8e4b7a10',
  seq: 7,
  chain: 'ab'.repeat(32)
}

describe('collectTimestamps against a local RFC 3161 authority', () => {
  let pki: TsaPki
  let tsa: LocalTsa

  beforeAll(async () => {
    pki = await makeTsaPki()
    tsa = await startLocalTsa(pki)
  })
  afterAll(async () => {
    await tsa.close()
    await removeTsaPki(pki)
  })

  const ask = async (authorities: string[], roots = trustedTsaRoots([pki.rootPem])) =>
    collectTimestamps(head, {
      authorities,
      trustedRoots: roots,
      notBefore: new Date(Date.now() - 60_000).toISOString()
    })

  it('the head statement is exactly the four lines DESIGN fixes', () => {
    expect(headStatement(head)).toBe(
      `dalel-head/v1\nvault ${head.vaultId}\nseq 7\nchain ${'ab'.repeat(32)}\n`
    )
  })

  it('records a token that Dalel verifies and openssl ts -verify accepts', async () => {
    tsa.setMode('ok')
    const [answer] = await ask([tsa.url])
    expect(answer?.ok).toBe(true)
    if (answer?.ok !== true) return
    const { token } = answer
    expect(token.signer).toBe('CN=Dalel Test TSA, O=Dalel tests')
    expect(token.policy).toBe('1.3.6.1.4.1.99999.1.1')
    expect(Math.abs(Date.parse(token.genTime) - Date.now())).toBeLessThan(60_000)
    expect(token.certificates).toHaveLength(2)
    const verdict = await verifyTimeStampResponse(fromBase64(token.response), {
      statement: headStatementBytes(head),
      trustedRoots: certificatesFromPem(pki.rootPem)
    })
    expect(verdict.ok).toBe(true)
    writeFileSync(join(pki.dir, 'statement.txt'), headStatement(head))
    writeFileSync(join(pki.dir, 'token.tsr'), fromBase64(token.response))
    writeFileSync(join(pki.dir, 'chain.pem'), token.certificates.join(''))
    const out = execFileSync(
      'openssl',
      [
        'ts',
        '-verify',
        '-data',
        'statement.txt',
        '-in',
        'token.tsr',
        '-CAfile',
        'root.pem',
        '-untrusted',
        'chain.pem'
      ],
      { cwd: pki.dir, encoding: 'utf8' }
    )
    expect(out).toContain('Verification: OK')
  })

  it('refuses the token for another statement', async () => {
    tsa.setMode('ok')
    const [answer] = await ask([tsa.url])
    if (answer?.ok !== true) throw new Error('no token')
    const verdict = await verifyTimeStampResponse(fromBase64(answer.token.response), {
      statement: headStatementBytes({ ...head, seq: 8 }),
      trustedRoots: certificatesFromPem(pki.rootPem)
    })
    expect(verdict).toMatchObject({ ok: false, code: 'token-imprint' })
  })

  it('refuses a token whose chain leads to a root nobody trusts', async () => {
    tsa.setMode('untrusted')
    expect(await ask([tsa.url])).toMatchObject([{ ok: false, reason: 'token-untrusted' }])
  })

  it('refuses a token of a trusted authority when the root is not trusted', async () => {
    tsa.setMode('ok')
    expect(await ask([tsa.url], trustedTsaRoots())).toMatchObject([
      { ok: false, reason: 'token-untrusted' }
    ])
  })

  it('refuses a token signed by a certificate without the timeStamping key usage', async () => {
    tsa.setMode('no-eku')
    expect(await ask([tsa.url])).toMatchObject([{ ok: false, reason: 'token-key-usage' }])
  })

  it('refuses a token whose ESSCertID names another certificate than the signer it carries', async () => {
    tsa.setMode('wrong-signer-binding')
    expect(await ask([tsa.url])).toMatchObject([{ ok: false, reason: 'token-signer-binding' }])
    // The same token as a stored one (what `dalel verify`, verify-bundle and verify.html
    // check): refused with the same reason, whether its root is trusted or not, and
    // openssl refuses it too, so the fixture is the certificate substitution it claims to be.
    const statement = headStatementBytes(head)
    const digest = new Uint8Array(createHash('sha256').update(statement).digest())
    const der = await postTimeStampQuery(
      tsa.url,
      buildTimeStampQuery(digest, newNonce(new Uint8Array(8).fill(7)))
    )
    for (const roots of [certificatesFromPem(pki.rootPem), []])
      expect(await checkStoredToken(der, { statement, trustedRoots: roots })).toMatchObject({
        status: 'failed',
        code: 'token-signer-binding',
        detail: 'the ESSCertID hash is not the signer certificate’s'
      })
    writeFileSync(join(pki.dir, 'substituted.tsr'), der)
    writeFileSync(join(pki.dir, 'statement.txt'), headStatement(head))
    const openssl = spawnSync(
      'openssl',
      ['ts', '-verify', '-data', 'statement.txt', '-in', 'substituted.tsr', '-CAfile', 'root.pem'],
      { cwd: pki.dir, encoding: 'utf8' }
    )
    expect(openssl.status).not.toBe(0)
    expect(openssl.stdout + openssl.stderr).toMatch(/ESS routines.*ess cert id not found/)
  })

  it('refuses a token for another imprint', async () => {
    tsa.setMode('wrong-imprint')
    expect(await ask([tsa.url])).toMatchObject([{ ok: false, reason: 'token-imprint' }])
  })

  it('refuses a token with another nonce', async () => {
    tsa.setMode('wrong-nonce')
    expect(await ask([tsa.url])).toMatchObject([{ ok: false, reason: 'token-nonce' }])
  })

  it('refuses a token with one byte of its genTime changed', async () => {
    tsa.setMode('tampered')
    expect(await ask([tsa.url])).toMatchObject([{ ok: false, reason: 'token-signature' }])
  })

  it('says which authority is down, rejected or answered nonsense, and keeps the good one', async () => {
    const down = await downTsaUrl()
    const other = await startLocalTsa(pki, 'rejection')
    const garbage = await startLocalTsa(pki, 'garbage')
    tsa.setMode('ok')
    try {
      const answers = await ask([down, other.url, garbage.url, tsa.url])
      expect(answers.map((a) => (a.ok ? 'ok' : a.reason))).toEqual([
        'unreachable',
        'token-not-granted',
        'token-malformed',
        'ok'
      ])
    } finally {
      await other.close()
      await garbage.close()
    }
  })

  it('refuses a token whose genTime is before the entries it covers', async () => {
    tsa.setMode('ok')
    const answers = await collectTimestamps(head, {
      authorities: [tsa.url],
      trustedRoots: trustedTsaRoots([pki.rootPem]),
      notBefore: new Date(Date.now() + 3_600_000).toISOString()
    })
    expect(answers).toMatchObject([{ ok: false, reason: 'token-before-entries' }])
  })
})
