import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  describeCertificate,
  handshakeCertificates,
  pemChain
} from '../../src-main/node/capture/certificates'
import { CaptureFixtures } from '../fixtures/captureFixtureServer'
import { makeTestPki } from '../../src-main/node/testing/testCertificates'
import type { TestPki } from '../../src-main/node/testing/testCertificates'

/**
 * The certificate evidence Dalel records without a browser: its own TLS handshake (used when
 * Chromium refuses a certificate) and the description of a certificate, both checked against
 * what the openssl command line says about the same files.
 */
describe('TLS handshake evidence', () => {
  const fixtures = new CaptureFixtures()
  let dir = ''
  let pki: TestPki

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dalel-handshake-'))
    pki = makeTestPki(dir)
    await fixtures.start(pki)
  })
  afterAll(async () => {
    await fixtures.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('describes a certificate as openssl does: subject, issuer, serial, dates, SAN, SHA-256', () => {
    const info = describeCertificate(
      Buffer.from(pki.leaf.pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64')
    )
    const openssl = (flag: string) =>
      execFileSync('openssl', ['x509', '-in', join(dir, 'leaf.pem'), '-noout', flag], {
        encoding: 'utf8'
      }).trim()
    expect(info.sha256).toBe(pki.leaf.sha256)
    expect(`serial=${info.serialNumber}`).toBe(openssl('-serial'))
    expect(new Date(info.notAfter).getTime()).toBe(
      new Date(openssl('-enddate').replace('notAfter=', '')).getTime()
    )
    expect(info).toMatchObject({
      subject: 'CN=localhost, O=Dalel tests',
      issuer: 'CN=Dalel Test Intermediate CA, O=Dalel tests',
      subjectAltName: 'DNS:localhost, IP Address:127.0.0.1'
    })
    expect(pemChain([info])).toBe(pki.leaf.pem)
  })

  it('records the chain a server presents, and says when it names another host', async () => {
    const wrong = new URL(fixtures.httpsWrongName)
    const presented = await handshakeCertificates(wrong.hostname, Number(wrong.port), {
      timeoutMs: 5000
    })
    expect(presented.certificates.map((c) => c.sha256)).toEqual([
      pki.wrongName.sha256,
      pki.intermediate.sha256
    ])
    expect(presented).toMatchObject({ protocol: 'TLS 1.3', remoteAddress: '127.0.0.1' })
    expect(presented.hostnameMismatch).toMatch(/127\.0\.0\.1/)

    const good = new URL(fixtures.https)
    const valid = await handshakeCertificates('localhost', Number(good.port), {
      address: '127.0.0.1',
      timeoutMs: 5000
    })
    expect(valid.certificates[0]?.sha256).toBe(pki.leaf.sha256)
    expect(valid.hostnameMismatch).toBeUndefined()
  })

  it('fails, rather than hangs, on a server that does not speak TLS', async () => {
    const plain = new URL(fixtures.http)
    await expect(
      handshakeCertificates(plain.hostname, Number(plain.port), { timeoutMs: 2000 })
    ).rejects.toThrow()
  })
})
