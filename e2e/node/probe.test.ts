import { createHash, X509Certificate } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probeUrl } from '../../src-main/node/probe/probeUrl'
import type { ProbeOptions } from '../../src-main/node/probe/probeUrl'
import { steppingClock } from '../../src-main/node/testing/testVault'
import { AvailabilityServer, SITE_TEXT } from '../fixtures/AvailabilityServer'
import { makeTestPki } from '../../src-main/node/testing/testCertificates'
import type { TestPki } from '../../src-main/node/testing/testCertificates'

/**
 * One availability measurement against sites on 127.0.0.1 that are up, overloaded, hanging,
 * refusing, resetting, presenting a bad certificate, and a name that cannot resolve: each is
 * measured in full and classified.
 */
describe('probeUrl', () => {
  let dir = ''
  let pki: TestPki
  const site = new AvailabilityServer()
  let secure: AvailabilityServer
  let wrongName: AvailabilityServer
  const options = (extra: Partial<ProbeOptions> = {}): ProbeOptions => ({
    timeoutMs: 5000,
    operator: 'Айгерим',
    tool: { name: 'Dalel', version: '0.1.0-test' },
    ...extra
  })
  const probe = async (url: string, extra: Partial<ProbeOptions> = {}) =>
    probeUrl(url, options(extra), { clock: steppingClock() })
  const der = (pem: string) => new X509Certificate(pem).raw

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dalel-probe-'))
    pki = makeTestPki(dir)
    secure = new AvailabilityServer({
      cert: pki.leaf.pem + pki.intermediate.pem,
      key: pki.leaf.key
    })
    wrongName = new AvailabilityServer({
      cert: pki.wrongName.pem + pki.intermediate.pem,
      key: pki.wrongName.key
    })
    await site.start()
    await secure.start()
    await wrongName.start()
  })
  afterAll(async () => {
    await site.close()
    await secure.close()
    await wrongName.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('measures a site that is up: DNS, the connection, the status and a hash of the body', async () => {
    await site.setMode('ok')
    const p = await probe(site.url)
    expect(p).toMatchObject({
      url: site.url,
      outcome: 'ok',
      status: 200,
      dns: { host: '127.0.0.1', literal: true, addresses: [{ address: '127.0.0.1', family: 4 }] },
      connects: [{ address: '127.0.0.1', result: 'ok' }],
      http: { status: 200, httpVersion: '1.1', bodyTruncated: false }
    })
    const body = await (await fetch(site.url)).arrayBuffer()
    expect(p.http?.bodyBytes).toBe(body.byteLength)
    expect(p.http?.bodySha256).toBe(createHash('sha256').update(Buffer.from(body)).digest('hex'))
    expect(Buffer.from(body).toString('utf8')).toContain(SITE_TEXT)
    expect(p.http?.headers).toContainEqual({
      name: 'Content-Type',
      value: 'text/html; charset=utf-8'
    })
    expect(p.http?.ttfbMs).toBeGreaterThanOrEqual(0)
    expect(p.vantage.interfaces).toContainEqual({
      name: expect.any(String) as string,
      address: '127.0.0.1',
      family: 4,
      internal: true
    })
    expect(p.vantage.resolvers.length).toBeGreaterThan(0)
    expect(p.tls).toBeUndefined()
  })

  it('reads at most the body limit, and says the body went on', async () => {
    await site.setMode('ok')
    const p = await probe(site.url, { bodyLimit: 64 })
    expect(p.http).toMatchObject({ bodyBytes: 64, bodyTruncated: true, bodyLimit: 64 })
    const body = Buffer.from(await (await fetch(site.url)).arrayBuffer())
    expect(p.http?.bodySha256).toBe(createHash('sha256').update(body.subarray(0, 64)).digest('hex'))
  })

  it('records a 503 and a 404 as http errors with their status', async () => {
    await site.setMode({ status: 503 })
    expect(await probe(site.url)).toMatchObject({ outcome: 'http-error', status: 503 })
    await site.setMode({ status: 404 })
    expect(await probe(site.url)).toMatchObject({ outcome: 'http-error', status: 404 })
  })

  it('records a server that never answers as a timeout, within the time limit', async () => {
    await site.setMode('hang')
    const started = performance.now()
    const p = await probe(site.url, { timeoutMs: 1500 })
    expect(performance.now() - started).toBeLessThan(4000)
    expect(p).toMatchObject({
      outcome: 'timeout',
      reason: 'ETIMEDOUT',
      connects: [{ result: 'ok' }]
    })
    expect(p.http).toBeUndefined()
  })

  it('records a refused connection and a reset one', async () => {
    await site.setMode('refuse')
    expect(await probe(site.url)).toMatchObject({
      outcome: 'refused',
      reason: 'ECONNREFUSED',
      connects: [{ address: '127.0.0.1', result: 'refused', error: 'ECONNREFUSED' }]
    })
    await site.setMode('reset')
    expect(await probe(site.url)).toMatchObject({ outcome: 'reset', reason: 'ECONNRESET' })
    await site.setMode('ok')
    expect(await probe(site.url)).toMatchObject({ outcome: 'ok' })
  })

  it('records the TLS handshake: the name sent, the version and the chain presented', async () => {
    const url = secure.url.replace('127.0.0.1', 'localhost')
    const p = await probe(url, { ca: [pki.root.pem] })
    expect(p).toMatchObject({ outcome: 'ok', status: 200 })
    expect(p.connects.some((c) => c.address === '127.0.0.1' && c.result === 'ok')).toBe(true)
    expect(p.tls).toMatchObject({ serverName: 'localhost', protocol: 'TLSv1.3', authorized: true })
    // What the server presented, and the trusted root that completed it.
    expect(p.tls?.certificates.map((c) => c.sha256)).toEqual([
      pki.leaf.sha256,
      pki.intermediate.sha256,
      pki.root.sha256
    ])
    expect(p.tls?.chainSha256).toBe(
      createHash('sha256')
        .update(Buffer.concat([der(pki.leaf.pem), der(pki.intermediate.pem), der(pki.root.pem)]))
        .digest('hex')
    )
  })

  it('records a bad certificate as a TLS error, with the chain it presented', async () => {
    const untrusted = await probe(secure.url)
    expect(untrusted).toMatchObject({ outcome: 'tls-error', tls: { authorized: false } })
    expect(untrusted.tls?.certificates[0]?.sha256).toBe(pki.leaf.sha256)
    expect(untrusted.tls?.serverName).toBeUndefined()
    const wrong = await probe(wrongName.url.replace('127.0.0.1', 'localhost'), {
      ca: [pki.root.pem]
    })
    expect(wrong).toMatchObject({
      outcome: 'tls-error',
      reason: 'ERR_TLS_CERT_ALTNAME_INVALID',
      tls: { serverName: 'localhost', authorized: false }
    })
    expect(wrong.tls?.certificates[0]?.sha256).toBe(pki.wrongName.sha256)
    expect(wrong.http).toBeUndefined()
  })

  it('records a name that cannot resolve as a DNS error, with the resolver error', async () => {
    const p = await probe('http://something.invalid/')
    expect(p).toMatchObject({
      outcome: 'dns-error',
      dns: { host: 'something.invalid', literal: false, addresses: [] },
      connects: []
    })
    expect(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL']).toContain(p.reason)
  })
})
