import { execFileSync, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import {
  copyFile,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  stat,
  truncate,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VaultService } from '../../src-main/node/services/VaultService'
import { TEST_KDF } from '../../src-main/node/testing/testVault'
import { readZip } from '../../src-main/node/testing/zipTestTools'

/**
 * An evidence bundle as a lawyer receives it: exported by the built `dalel` on plain Node,
 * unzipped, and checked with nothing but sha256sum and openssl; then `dalel verify-bundle`.
 */
const CLI = join(process.cwd(), 'out/cli/dalel.js')
const PASSPHRASE = 'Тұз бен нан — 2026'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

let dir: string
let vault: string
let zip: string
let unzipped: string
const ids: string[] = []
const SECRET = 'SECRET-источник-Айгерим'

function run(command: string, args: string[], cwd?: string) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
    ...(cwd !== undefined ? { cwd } : {})
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

function dalel(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    input: '',
    env: { PATH: process.env.PATH ?? '', DALEL_PASSPHRASE: PASSPHRASE, DALEL_LANG: 'en', ...env }
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Unzips with Info-ZIP's unzip where installed, as a lawyer would; with yauzl otherwise. */
async function extract(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true })
  if (run('unzip', ['-v']).code === 0) {
    const r = run('unzip', ['-q', from, '-d', to])
    expect(r.code, r.stderr).toBe(0)
    return
  }
  for (const item of await readZip(from)) {
    await mkdir(dirname(join(to, item.name)), { recursive: true })
    await writeFile(join(to, item.name), item.bytes)
  }
}

beforeAll(async () => {
  // Built once if missing, or if it predates the bundle commands.
  if (!existsSync(CLI) || !dalel(['--help']).stdout.includes('verify-bundle'))
    execFileSync(process.execPath, ['scripts/build-cli.mjs'])
  dir = await mkdtemp(join(tmpdir(), 'dalel-bundle-e2e-'))
  vault = join(dir, 'vault')
  zip = join(dir, 'для адвоката.zip')
  unzipped = join(dir, 'unzipped')
  // The vault with the tests' Argon2id limits, so this hook and every command after it
  // unlocks in milliseconds: four MODERATE unlocks (256 MiB, 3 passes) took 8–9 s each at
  // load 15 and passed the hook's 60 s at load 20–30. `dalel init` has tests of its own.
  const service = new VaultService({ clock: { now: () => new Date() } })
  await service.createVault(vault, {
    passphrase: PASSPHRASE,
    author: 'Айгерим',
    kdfLimits: TEST_KDF
  })
  await service.lock()
  const note = dalel(['note', vault, '--title', 'Обыск в редакции', '--body', 'Изъяли ноутбуки'])
  const secret = dalel(['note', vault, '--title', SECRET, '--body', SECRET])
  const photo = join(dir, 'протокол.png')
  await writeFile(
    photo,
    Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(70_000)])
  )
  const text = join(dir, 'показания.txt')
  await writeFile(text, 'Свидетель: Оспанова Г.\n'.repeat(200))
  const attach = dalel(['attach', vault, photo, text, '--title', 'Протокол'])
  for (const r of [note, secret, attach]) {
    expect(r.code, r.stderr).toBe(0)
    ids.push(r.stdout.trim())
  }
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('evidence bundles with standard tools', () => {
  let custodyId = ''

  it('export prints the custody entry id on stdout, and the bundle’s path and SHA-256 on stderr', async () => {
    const r = dalel([
      'export',
      vault,
      '--out',
      zip,
      '--entries',
      `${ids[0] ?? ''},3`,
      '--recipient',
      'Ким А., адвокат',
      '--purpose',
      'жалоба'
    ])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^[0-9a-f-]{36}\n$/)
    custodyId = r.stdout.trim()
    expect(custodyId).toMatch(UUID)
    const digest = sha256(await readFile(zip))
    expect(r.stderr).toContain(zip)
    expect(r.stderr).toContain(`SHA-256: ${digest}`)
    expect((await readdir(dir)).filter((name) => name.startsWith('.tmp-'))).toEqual([])
  })

  it('records the export in the vault with the zip’s SHA-256', async () => {
    const r = dalel(['show', vault, custodyId, '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({
      kind: 'custody',
      entry: {
        payload: {
          action: 'export',
          recipient: 'Ким А., адвокат',
          purpose: 'жалоба',
          sha256: sha256(await readFile(zip)),
          entries: [1, 3]
        }
      }
    })
    expect(dalel(['verify', vault]).code).toBe(0)
  })

  it('the unzipped bundle checks with sha256sum -c and openssl pkeyutl alone', async () => {
    await extract(zip, unzipped)
    const sums = run('sha256sum', ['-c', 'SHA256SUMS'], unzipped)
    expect(sums.code, sums.stdout + sums.stderr).toBe(0)
    const lines = sums.stdout.trim().split('\n')
    expect(lines.length).toBeGreaterThanOrEqual(8)
    for (const line of lines) expect(line).toMatch(/: OK$/)
    expect(sums.stdout).toContain('entries/3/0.png: OK')
    const sig = run(
      'openssl',
      [
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        'public-key.pem',
        '-rawin',
        '-in',
        'SHA256SUMS',
        '-sigfile',
        'SHA256SUMS.sig'
      ],
      unzipped
    )
    expect(sig.code, sig.stderr).toBe(0)
    expect(sig.stdout).toContain('Signature Verified Successfully')
    // The undisclosed entry left no trace in any file.
    for (const name of await readdir(unzipped, { recursive: true })) {
      const path = join(unzipped, name)
      if ((await stat(path)).isFile())
        expect((await readFile(path)).includes(Buffer.from('SECRET-')), name).toBe(false)
    }
  })

  it('dalel verify-bundle exits 0 on the zip and on the unzipped folder, without a passphrase', () => {
    const onZip = dalel(['verify-bundle', zip], { DALEL_PASSPHRASE: '' })
    expect(onZip.code, onZip.stdout + onZip.stderr).toBe(0)
    expect(onZip.stdout).toMatch(/^OK: bundle [0-9a-f-]{36} of vault/)
    const onFolder = dalel(['verify-bundle', unzipped, '--json'], { DALEL_PASSPHRASE: '' })
    expect(onFolder.code).toBe(0)
    expect(JSON.parse(onFolder.stdout)).toMatchObject({
      ok: true,
      kind: 'directory',
      entries: [1, 3],
      problems: []
    })
  })

  it('a changed file fails sha256sum -c, a recomputed SHA256SUMS fails openssl, and verify-bundle exits 1 naming them', async () => {
    const tampered = join(dir, 'tampered')
    await extract(zip, tampered)
    const photo = join(tampered, 'entries/3/0.png')
    const bytes = await readFile(photo)
    bytes[100] = (bytes[100] ?? 0) ^ 0xff
    await writeFile(photo, bytes)
    expect(run('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], tampered).stdout).toContain(
      'entries/3/0.png: FAILED'
    )

    const sumsPath = join(tampered, 'SHA256SUMS')
    const sums = (await readFile(sumsPath, 'utf8')).replace(
      /^[0-9a-f]{64}(?= {2}entries\/3\/0\.png$)/m,
      sha256(bytes)
    )
    await writeFile(sumsPath, sums)
    expect(run('sha256sum', ['-c', 'SHA256SUMS'], tampered).code).toBe(0)
    const sig = run(
      'openssl',
      [
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        'public-key.pem',
        '-rawin',
        '-in',
        'SHA256SUMS',
        '-sigfile',
        'SHA256SUMS.sig'
      ],
      tampered
    )
    expect(sig.code).not.toBe(0)
    expect(sig.stdout + sig.stderr).toContain('Signature Verification Failure')

    const r = dalel(['verify-bundle', tampered])
    expect(r.code).toBe(1)
    const lines = r.stdout.trim().split('\n')
    expect(lines).toContain(
      'PROBLEM: SHA256SUMS.sig: the signature over SHA256SUMS does not verify with public-key.pem'
    )
    expect(lines).toContain(
      'PROBLEM: entries/3/0.png (recorded as “протокол.png”) #3: not the file the entry recorded: it was changed'
    )
    expect(lines.at(-1)).toMatch(/^FAILED: problems found: \d+;/)
    const ru = dalel(['verify-bundle', tampered, '--lang', 'ru'])
    expect(ru.stdout).toContain('ПРОБЛЕМА: entries/3/0.png (записан как «протокол.png») #3:')
    expect(ru.stdout.trim().split('\n').at(-1)).toMatch(/^ОШИБКА/)
  })

  it('a truncated zip exits 1 with a PROBLEM line; a missing path exits 4', async () => {
    const cut = join(dir, 'cut.zip')
    await copyFile(zip, cut)
    await truncate(cut, 5000)
    const r = dalel(['verify-bundle', cut])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('PROBLEM: cut.zip: the zip is damaged or truncated')
    const missing = dalel(['verify-bundle', join(dir, 'nowhere.zip')])
    expect(missing.code).toBe(4)
    expect(missing.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('export insists on --entries or --all (exit 2) and writes nothing', () => {
    const out = join(dir, 'nothing.zip')
    const r = dalel(['export', vault, '--out', out])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--entries')
    expect(dalel(['export', vault, '--out', out, '--all', '--entries', '1']).code).toBe(2)
    expect(dalel(['export', vault, '--all']).code).toBe(2)
    expect(existsSync(out)).toBe(false)
  })

  it('export --all discloses every entry and verifies', () => {
    const out = join(dir, 'all.zip')
    const r = dalel(['export', vault, '--out', out, '--all'])
    expect(r.code, r.stderr).toBe(0)
    const check = dalel(['verify-bundle', out, '--json'])
    expect(check.code).toBe(0)
    expect((JSON.parse(check.stdout) as { entries: number[] }).entries).toEqual([1, 2, 3, 4])
  })
})
