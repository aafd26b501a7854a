import { execFileSync } from 'node:child_process'
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalTsa, TsaPki } from '../testing/localTsa'
import { makeTsaPki, removeTsaPki, startLocalTsa } from '../testing/localTsa'
import { useTestService } from '../testing/useTestService'

describe('trusted timestamps in an evidence bundle', () => {
  let pki: TsaPki
  let tsa: LocalTsa
  let bundleDir: string
  let zip: string
  const t = useTestService('dalel-test-', { author: 'Айгерим' })

  beforeAll(async () => {
    pki = await makeTsaPki()
    tsa = await startLocalTsa(pki)
    await t.service.addNote({ title: 'Звонок с угрозой', body: 'в 21:40' })
    await t.service.addNote({ title: 'Второй звонок' })
    const stamped = await t.service.timestampHead({
      authorities: [tsa.url],
      trustedCas: [pki.rootPem]
    })
    expect(stamped.anchor).not.toBeNull()
    await t.service.addNote({ title: 'ещё не покрыта' })
    zip = join(t.dir, 'дело.zip')
    await t.service.exportBundle({
      out: zip,
      entries: [1, 2, 4],
      extraFiles: () => Promise.resolve([])
    })
    bundleDir = join(t.dir, 'unzipped')
    execFileSync('unzip', ['-q', zip, '-d', bundleDir])
  })
  afterAll(async () => {
    await tsa.close()
    await removeTsaPki(pki)
  })

  it('carries the statement, the token and its chain, all in SHA256SUMS', async () => {
    expect((await readdir(join(bundleDir, 'timestamps'))).sort()).toEqual([
      '2.1.pem',
      '2.1.tsr',
      '2.txt'
    ])
    const statement = await readFile(join(bundleDir, 'timestamps/2.txt'), 'utf8')
    const chainLine = (await readFile(join(bundleDir, 'chain.jsonl'), 'utf8')).split('\n')[1] ?? ''
    expect(statement).toBe(
      `dalel-head/v1\nvault ${t.service.summary().vaultId}\nseq 2\nchain ${(JSON.parse(chainLine) as { chain: string }).chain}\n`
    )
    const sums = await readFile(join(bundleDir, 'SHA256SUMS'), 'utf8')
    for (const file of ['2.txt', '2.1.tsr', '2.1.pem'])
      expect(sums).toContain(`  timestamps/${file}\n`)
    expect(
      execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], {
        cwd: bundleDir,
        encoding: 'utf8'
      })
    ).toBe('')
    const readme = await readFile(join(bundleDir, 'README.txt'), 'utf8')
    expect(readme).toContain(
      'openssl ts -verify -data timestamps/2.txt -in timestamps/2.1.tsr -CAfile <root you trust> -untrusted timestamps/2.1.pem'
    )
    expect(readme).toContain('ДОВЕРЕННЫЕ МЕТКИ ВРЕМЕНИ')
    expect(readme).toContain('СЕНІМДІ УАҚЫТ БЕЛГІЛЕРІ')
  })

  it('is verified by openssl ts -verify with the authority’s root, as README.txt says', async () => {
    await writeFile(join(bundleDir, '..', 'root.pem'), pki.rootPem)
    const out = execFileSync(
      'openssl',
      [
        'ts',
        '-verify',
        '-data',
        'timestamps/2.txt',
        '-in',
        'timestamps/2.1.tsr',
        '-CAfile',
        '../root.pem',
        '-untrusted',
        'timestamps/2.1.pem'
      ],
      { cwd: bundleDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }
    )
    expect(out).toContain('Verification: OK')
  })

  it('verify-bundle states per entry “existed no later than” or “not timestamped”', async () => {
    const report = await t.service.verifyBundle(zip, { trustedCas: [pki.rootPem] })
    expect(report.problems).toEqual([])
    expect(report.ok).toBe(true)
    expect(
      report.timestamps.map((t) => [
        t.seq,
        t.timestamp?.coveredSeq ?? null,
        t.timestamp?.trusted ?? null
      ])
    ).toEqual([
      [1, 2, true],
      [2, 2, true],
      [4, null, null]
    ])
    const untrusted = await t.service.verifyBundle(zip)
    expect(untrusted.ok).toBe(true)
    expect(untrusted.timestamps[0]?.timestamp?.trusted).toBe(false)
  })

  it('fails on a statement edited in the bundle', async () => {
    const path = join(bundleDir, 'timestamps/2.txt')
    const original = await readFile(path, 'utf8')
    await writeFile(path, original.replace('seq 2', 'seq 3'))
    try {
      const report = await t.service.verifyBundle(bundleDir, { trustedCas: [pki.rootPem] })
      expect(report.ok).toBe(false)
      expect(report.problems.map((p) => p.code)).toContain('timestamp-statement-mismatch')
    } finally {
      await writeFile(path, original)
    }
  })

  it('fails on a token with one byte changed', async () => {
    const path = join(bundleDir, 'timestamps/2.1.tsr')
    const original = await readFile(path)
    const tampered = Buffer.from(original)
    const at = tampered.length - 10
    tampered[at] = (tampered[at] ?? 0) ^ 0x01
    await writeFile(path, tampered)
    try {
      const report = await t.service.verifyBundle(bundleDir, { trustedCas: [pki.rootPem] })
      expect(report.problems.map((p) => p.code)).toContain('timestamp-invalid')
      expect(report.timestamps[0]?.timestamp).toBeNull()
    } finally {
      await writeFile(path, original)
    }
  })
})
