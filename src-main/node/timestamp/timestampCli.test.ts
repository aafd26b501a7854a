import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../cli/runCli'
import type { AnchorPayload } from '../../common/entry/Entry'
import { toSha256Hex } from '../../common/encoding/brands'
import { VaultService } from '../services/VaultService'
import { Vault } from '../vault/Vault'
import type { LocalTsa, TsaPki } from '../testing/localTsa'
import { downTsaUrl, makeTsaPki, removeTsaPki, startLocalTsa } from '../testing/localTsa'
import { TEST_PASSPHRASE, createTestVault, steppingClock, tempDir } from '../testing/testVault'

function collector(): { write(text: string): boolean; text: string } {
  return {
    text: '',
    write(text: string) {
      this.text += text
      return true
    }
  }
}

async function dalel(argv: string[]) {
  const stdout = collector()
  const stderr = collector()
  const code = await runCli({
    argv,
    env: { DALEL_PASSPHRASE: TEST_PASSPHRASE, DALEL_LANG: 'en' },
    stdin: Readable.from([]),
    stdout,
    stderr,
    clock: steppingClock()
  })
  return {
    code,
    stdout: stdout.text,
    stderr: stderr.text,
    lines: stderr.text.split('\n').filter(Boolean)
  }
}

async function anchorsOf(vault: string): Promise<AnchorPayload[]> {
  const service = new VaultService({ clock: steppingClock() })
  await service.unlock(vault, { passphrase: TEST_PASSPHRASE }, { readOnly: true })
  try {
    return service
      .list({ kinds: ['anchor'] })
      .flatMap((view) => (view.entry?.kind === 'anchor' ? [view.entry.payload] : []))
  } finally {
    await service.lock()
  }
}

describe('dalel timestamp and dalel verify with a local authority', () => {
  let pki: TsaPki
  let tsa: LocalTsa
  let dir: { path: string; remove: () => Promise<void> }
  let vault: string
  let caFile: string

  beforeAll(async () => {
    pki = await makeTsaPki()
    tsa = await startLocalTsa(pki)
    dir = await tempDir()
    vault = join(dir.path, 'vault')
    const { vault: created } = await createTestVault(vault)
    await created.append({ kind: 'note', title: 'Звонок с угрозой', payload: { body: 'в 21:40' } })
    await created.append({ kind: 'note', title: 'Второй звонок', payload: {} })
    await created.close()
    caFile = join(dir.path, 'tsa-root.pem')
    await writeFile(caFile, pki.rootPem)
  })
  afterAll(async () => {
    await tsa.close()
    await removeTsaPki(pki)
    await dir.remove()
  })

  it('records an anchor with the token, prints its id, and verify checks it', async () => {
    const r = await dalel(['timestamp', vault, '--tsa', tsa.url, '--tsa-ca', caFile])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^[0-9a-f-]{36}\n$/)
    expect(r.stderr).toMatch(/127\.0\.0\.1:\d+: entries #1–#2 existed no later than 20\d\d-/)
    const [anchor] = await anchorsOf(vault)
    expect(anchor).toMatchObject({ action: 'timestamp', covered: { seq: 2 } })
    const v = await dalel(['verify', vault, '--tsa-ca', caFile])
    expect(v.code, v.stdout).toBe(0)
    expect(v.stdout).toContain(
      'Trusted timestamps: 1 anchors with 1 tokens checked; entries #1–#2 are covered'
    )
  })

  it('without the authority’s CA, verify says the root is not trusted here, as a warning', async () => {
    const v = await dalel(['verify', vault])
    expect(v.code, v.stdout).toBe(0)
    expect(v.stdout).toContain("its authority's root is not trusted on this computer")
  })

  it('with two authorities and one down, records the one token and names the other', async () => {
    const down = await downTsaUrl()
    const r = await dalel(['timestamp', vault, '--tsa', down, '--tsa', tsa.url, '--tsa-ca', caFile])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/warning: 127\.0\.0\.1:\d+: no trusted timestamp: did not answer/)
    const anchors = await anchorsOf(vault)
    expect(anchors).toHaveLength(2)
    const last = anchors[0]
    expect(last?.action === 'timestamp' ? last.tokens.map((t) => t.authority) : []).toEqual([
      tsa.url
    ])
  })

  it('with every authority down exits 4 with one line and records nothing; up again, it stamps', async () => {
    const downs = [await downTsaUrl(), await downTsaUrl()]
    const before = await anchorsOf(vault)
    const r = await dalel([
      'timestamp',
      vault,
      '--tsa',
      downs[0] ?? '',
      '--tsa',
      downs[1] ?? '',
      '--tsa-ca',
      caFile
    ])
    expect(r.code).toBe(4)
    expect(r.lines).toHaveLength(1)
    expect(r.lines[0]).toMatch(
      /^dalel: No trusted timestamp recorded: none of the 2 time-stamping authorities gave one/
    )
    expect(r.stdout).toBe('')
    expect(await anchorsOf(vault)).toHaveLength(before.length)
    const up = await dalel(['timestamp', vault, '--tsa', tsa.url, '--tsa-ca', caFile])
    expect(up.code, up.stderr).toBe(0)
    expect(await anchorsOf(vault)).toHaveLength(before.length + 1)
  })

  it('refuses a token from an untrusted root, a certificate without the EKU, or for another request', async () => {
    const before = (await anchorsOf(vault)).length
    for (const [mode, reason] of [
      ['untrusted', "the authority's certificate does not lead to a trusted root"],
      ['no-eku', 'the signing certificate is not one for time-stamping'],
      ['wrong-nonce', 'the answer is not for this request'],
      ['wrong-imprint', 'the timestamp is for other data'],
      ['tampered', 'the signature on the timestamp does not verify']
    ] as const) {
      tsa.setMode(mode)
      const r = await dalel(['timestamp', vault, '--tsa', tsa.url, '--tsa-ca', caFile])
      expect(r.code, mode).toBe(4)
      expect(r.lines[0], mode).toContain(reason)
    }
    tsa.setMode('ok')
    expect(await anchorsOf(vault)).toHaveLength(before)
  })

  it('timestamps after new entries when the vault’s setting is on, and only then', async () => {
    const set = await dalel(['timestamping', vault, 'on', '--tsa', tsa.url, '--tsa-ca', caFile])
    expect(set.code, set.stderr).toBe(0)
    expect(set.stdout).toContain('Trusted timestamps: on')
    expect(set.stdout).toContain(tsa.url)
    const service = new VaultService({ clock: steppingClock('2026-06-01T00:00:00.000Z') })
    await service.unlock(vault, { passphrase: TEST_PASSPHRASE })
    try {
      expect(service.timestamping()).toMatchObject({ enabled: true, authorities: [tsa.url] })
      // The setting entry itself is not yet covered.
      const first = await service.timestampIfDue()
      expect(first?.anchor?.kind).toBe('anchor')
      expect(await service.timestampIfDue()).toBeNull()
      await service.addNote({ title: 'ещё одна запись' })
      expect(service.timestamping().uncovered).toBe(true)
      const second = await service.timestampIfDue()
      expect(second?.covered.seq).toBe(service.summary().head.seq - 1)
      expect(service.timestamping().uncovered).toBe(false)
      await service.setTimestamping({ enabled: false })
      await service.addNote({ title: 'без метки' })
      expect(await service.timestampIfDue()).toBeNull()
    } finally {
      await service.lock()
    }
  })

  it('verify fails when an anchor names a chain hash the vault does not have', async () => {
    const opened = await Vault.open(
      vault,
      { passphrase: TEST_PASSPHRASE },
      {},
      { clock: steppingClock('2026-07-01T00:00:00.000Z') }
    )
    const real = opened
      .list({ kinds: ['anchor'] })
      .find((s) => s.entry?.kind === 'anchor' && s.entry.payload.action === 'timestamp')
    if (real?.entry?.kind !== 'anchor' || real.entry.payload.action !== 'timestamp')
      throw new Error('no anchor')
    await opened.append({
      kind: 'anchor',
      title: 'forged',
      payload: {
        ...real.entry.payload,
        covered: { seq: real.entry.payload.covered.seq, chain: toSha256Hex('00'.repeat(32)) }
      }
    })
    await opened.close()
    const v = await dalel(['verify', vault, '--tsa-ca', caFile])
    expect(v.code).toBe(1)
    expect(v.stdout).toContain('names a chain hash the vault does not have')
  })
})
