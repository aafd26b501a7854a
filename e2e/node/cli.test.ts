import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The `dalel` command line as a newcomer runs it: the built out/cli/dalel.js on plain Node,
 * a real vault with the real Argon2id MODERATE parameters.
 */
const CLI = join(process.cwd(), 'out/cli/dalel.js')
const PASSPHRASE = 'Тұз бен нан — 2026'

let dir: string
let vault: string

function dalel(args: string[], options: { env?: Record<string, string>; input?: string } = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    input: options.input ?? '',
    env: {
      PATH: process.env.PATH ?? '',
      DALEL_PASSPHRASE: PASSPHRASE,
      DALEL_LANG: 'en',
      ...options.env
    }
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

beforeAll(async () => {
  if (!existsSync(CLI)) execFileSync(process.execPath, ['scripts/build-cli.mjs'])
  dir = await mkdtemp(join(tmpdir(), 'dalel-cli-'))
  vault = join(dir, 'vault')
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('dalel CLI', () => {
  let recoveryCode = ''
  const ids: string[] = []

  it('init prints only the recovery code on stdout, and the explanation on stderr', () => {
    const r = dalel(['init', vault, '--author', 'Айгерим'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){5}\n$/)
    expect(r.stderr).toContain('shown only this once')
    recoveryCode = r.stdout.trim()
  })

  it('records a note, an incident and an attachment, printing one id each', async () => {
    const note = dalel([
      'note',
      vault,
      '--title',
      'Звонок с угрозой',
      '--body',
      'Требовали удалить статью',
      '--tag',
      'угроза',
      '--occurred',
      '2026-03-01T10:00+05:00'
    ])
    const incident = dalel([
      'incident',
      vault,
      '--type',
      'search',
      '--title',
      'Редакцияда тінту',
      '--place',
      'Алматы',
      '--official',
      'Серікбаев|капитан|Алматы қ. ПД',
      '--seized',
      'ноутбук',
      '--lawyer-refused',
      'Ким А.',
      '--witness',
      'Оспанова Г.'
    ])
    const png = join(dir, 'протокол.png')
    await writeFile(png, pngHeader(1200, 1600))
    const attach = dalel(['attach', vault, png, '--title', 'Протокол обыска'])
    for (const r of [note, incident, attach]) {
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\n$/
      )
      ids.push(r.stdout.trim())
    }
  })

  it('lists and searches in any letter case, Kazakh included, as JSON', () => {
    const list = JSON.parse(dalel(['list', vault, '--json']).stdout) as {
      entries: { seq: number }[]
    }
    expect(list.entries.map((e) => e.seq)).toEqual([3, 2, 1])
    const search = JSON.parse(dalel(['search', vault, 'ТІНТУ', '--json']).stdout) as {
      entries: { id: string }[]
    }
    expect(search.entries.map((e) => e.id)).toEqual([ids[1]])
    const byOfficial = JSON.parse(dalel(['search', vault, 'серікбаев', '--json']).stdout) as {
      entries: { id: string }[]
    }
    expect(byOfficial.entries.map((e) => e.id)).toEqual([ids[1]])
  })

  it('show --json lists attachments with sha256, size, media type and image size', () => {
    const r = dalel(['show', vault, ids[2] ?? '', '--json'])
    expect(r.code).toBe(0)
    const shown = JSON.parse(r.stdout) as { attachments: unknown[]; link: { chain: string } }
    expect(shown.attachments).toEqual([
      expect.objectContaining({
        mediaType: 'image/png',
        width: 1200,
        height: 1600,
        size: 33,
        name: 'протокол.png',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown
      })
    ])
    expect(shown.link.chain).toMatch(/^[0-9a-f]{64}$/)
  })

  it('amends and withdraws by id, and verify still passes', () => {
    expect(
      dalel([
        'amend',
        vault,
        ids[0] ?? '',
        '--reason',
        'опечатка',
        '--occurred',
        '2026-03-01T10:05+05:00'
      ]).code
    ).toBe(0)
    expect(dalel(['withdraw', vault, ids[2] ?? '', '--reason', 'угроза источнику']).code).toBe(0)
    const verify = dalel(['verify', vault, '--json'])
    expect(verify.code).toBe(0)
    expect(JSON.parse(verify.stdout)).toMatchObject({
      ok: true,
      entries: 5,
      withdrawn: 1,
      problems: []
    })
    expect(dalel(['show', vault, ids[2] ?? '']).stdout).toContain('withdrawn by #5')
  })

  it('exits 3 on a wrong passphrase with one line on stderr and no stack trace', () => {
    const r = dalel(['list', vault], { env: { DALEL_PASSPHRASE: 'не тот пароль' } })
    expect(r.code).toBe(3)
    expect(r.stderr.trim().split('\n')).toEqual([
      'dalel: Wrong passphrase or recovery code. Nothing was changed.'
    ])
  })

  it('speaks Russian and Kazakh', () => {
    expect(dalel(['list', join(dir, 'nowhere')], { env: { DALEL_LANG: 'ru' } }).stderr).toContain(
      'хранилища нет'
    )
    expect(dalel(['list', join(dir, 'nowhere'), '--lang', 'kk']).stderr).toContain('қойма жоқ')
  })

  it('exits 2 on usage errors and 4 on a missing vault', () => {
    expect(dalel(['note', vault]).code).toBe(2)
    expect(dalel(['incident', vault, '--type', 'picnic', '--title', 'x']).code).toBe(2)
    expect(dalel(['frobnicate']).code).toBe(2)
    const missing = dalel(['list', join(dir, 'nowhere')])
    expect(missing.code).toBe(4)
    expect(missing.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('changes the passphrase with --passphrase-stdin, and the recovery code still unlocks', () => {
    const r = dalel(['passwd', vault, '--passphrase-stdin'], {
      env: { DALEL_PASSPHRASE: '' },
      input: `${PASSPHRASE}\nновый пароль\n`
    })
    expect(r.code, r.stderr).toBe(0)
    expect(dalel(['list', vault]).code).toBe(3)
    expect(dalel(['list', vault], { env: { DALEL_PASSPHRASE: 'новый пароль' } }).code).toBe(0)
    const byCode = dalel(['list', vault, '--passphrase-stdin'], {
      env: { DALEL_PASSPHRASE: '' },
      input: `${recoveryCode.toLowerCase()}\n`
    })
    expect(byCode.code, byCode.stderr).toBe(0)
  })

  it('with no passphrase and no terminal says how to give one (exit 2)', () => {
    const r = dalel(['list', vault], { env: { DALEL_PASSPHRASE: '' } })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('DALEL_PASSPHRASE')
  })
})

function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(25)
  ihdr.writeUInt32BE(13, 0)
  ihdr.write('IHDR', 4, 'latin1')
  ihdr.writeUInt32BE(width, 8)
  ihdr.writeUInt32BE(height, 12)
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr])
}
