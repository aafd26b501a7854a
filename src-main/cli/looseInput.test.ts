import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { translate } from '../common/i18n/translate'
import { STATED_TIME_FORMS } from '../common/time/statedTime'
import { TEST_PASSPHRASE, createTestVault, steppingClock, tempDir } from '../node/testing/testVault'
import { runCli } from './runCli'

/**
 * Loose input the CLI used to take silently: impossible and far-future dates, times without
 * a zone, bytes that are not UTF-8, and bodies ten times what the app accepts.
 */
let root: { path: string; remove: () => Promise<void> }
let vault: string
const savedTz = process.env.TZ

beforeAll(async () => {
  // Almaty, UTC+5 all year: a time without an offset is read here.
  process.env.TZ = 'Asia/Almaty'
  root = await tempDir('dalel-loose-input-')
  vault = join(root.path, 'vault')
  const created = await createTestVault(vault)
  await created.vault.close()
})
afterAll(async () => {
  if (savedTz === undefined) delete process.env.TZ
  else process.env.TZ = savedTz
  await root.remove()
})

async function dalel(argv: string[], lang = 'en') {
  let stdout = ''
  let stderr = ''
  const code = await runCli({
    argv,
    env: { DALEL_PASSPHRASE: TEST_PASSPHRASE, DALEL_LANG: lang },
    stdin: Readable.from([]),
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    // The recording happens on 2026-03-01 at 09:00 UTC.
    clock: steppingClock('2026-03-01T09:00:00.000Z')
  })
  return { code, stdout, stderr }
}

async function entryCount(): Promise<number> {
  const r = await dalel(['list', vault, '--json'])
  return (JSON.parse(r.stdout) as { entries: unknown[] }).entries.length
}

describe('dalel and loose input', () => {
  it('refuses impossible, too early and future dates, listing the accepted forms', async () => {
    const before = await entryCount()
    const cases: [string, string][] = [
      ['2026-02-30', 'impossible'],
      ['0000-01-01', 'early'],
      ['2099-01-01T00:00Z', 'future'],
      ['2026-03-01T09:30Z', 'future'],
      ['вчера', 'format']
    ]
    for (const [value, problem] of cases) {
      const r = await dalel(['note', vault, '--title', 'Звонок', '--occurred', value])
      expect(r.code, value).toBe(2)
      expect(r.stderr).toBe(
        `dalel: ${translate('en', 'cli.badTime', {
          option: '--occurred',
          value,
          problem,
          skew: 10,
          forms: STATED_TIME_FORMS.join(', ')
        })}\n`
      )
      expect(r.stderr).toContain('01.03.2026 14:30')
    }
    const ru = await dalel(
      ['incident', vault, '--type', 'search', '--title', 'Обыск', '--ended', '31.04.2026'],
      'ru'
    )
    expect(ru.code).toBe(2)
    expect(ru.stderr).toContain('такой даты или такого времени не бывает')
    expect(await entryCount()).toBe(before)
  })

  it('reads a time without an offset in the local zone, says so, and stores the offset', async () => {
    for (const [typed, stored] of [
      ['2025-12-01 10:00', '2025-12-01T10:00+05:00'],
      ['01.12.2025 10:00', '2025-12-01T10:00+05:00'],
      ['01.12.2025', '2025-12-01'],
      ['2026-03-01T09:05Z', '2026-03-01T09:05Z']
    ] as const) {
      const r = await dalel(['note', vault, '--title', 'Звонок', '--occurred', typed])
      expect(r.code, r.stderr).toBe(0)
      if (stored.endsWith('+05:00'))
        expect(r.stderr).toContain(
          `--occurred ${typed} read in this computer’s time zone and recorded as ${stored}`
        )
      else expect(r.stderr).toBe('')
      const shown = await dalel(['show', vault, r.stdout.trim(), '--json'])
      expect((JSON.parse(shown.stdout) as { entry: { occurredAt: string } }).entry.occurredAt).toBe(
        stored
      )
      const text = await dalel(['show', vault, r.stdout.trim()])
      expect(text.stdout).toContain(stored)
    }
  })

  it('refuses an argument that was not UTF-8 (U+FFFD), and a --body-file that is not UTF-8', async () => {
    const r = await dalel(['note', vault, '--title', 'Зв\uFFFDнок'])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`dalel: ${translate('en', 'cli.invalidUtf8', { arg: 'Зв\uFFFDнок' })}\n`)
    const latin1 = join(root.path, 'cp1251.txt')
    await writeFile(latin1, Buffer.from([0xc7, 0xe2, 0xee, 0xed, 0xee, 0xea])) // «Звонок» in CP1251
    const file = await dalel(['note', vault, '--title', 'Звонок', '--body-file', latin1])
    expect(file.code).toBe(2)
    expect(file.stderr).toBe(`dalel: ${translate('en', 'cli.bodyNotUtf8', { path: latin1 })}\n`)
  })

  it('refuses a body over the limit the app has (1 000 000 characters), from --body-file too', async () => {
    const big = join(root.path, 'big.txt')
    await writeFile(big, 'а'.repeat(1_000_001))
    const r = await dalel(['note', vault, '--title', 'Большое', '--body-file', big])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(
      `dalel: ${translate('en', 'cli.tooLong', { option: '--body-file', length: 1_000_001, max: 1_000_000 })}\n`
    )
    const ok = join(root.path, 'ok.txt')
    await writeFile(ok, 'а'.repeat(1_000_000))
    expect((await dalel(['note', vault, '--title', 'Ровно', '--body-file', ok])).code).toBe(0)
    const title = await dalel(['note', vault, '--title', 'т'.repeat(1001)])
    expect(title.code).toBe(2)
  })

  it('the vault refuses the same for every face: a long body, a future or impossible time', async () => {
    const { vault: opened } = await createTestVault(join(root.path, 'direct'))
    try {
      await expect(
        opened.append({ kind: 'note', title: 'x', payload: { body: 'a'.repeat(1_000_001) } })
      ).rejects.toMatchObject({ code: 'too-long', params: { field: 'body', max: 1_000_000 } })
      await expect(
        opened.append({ kind: 'note', title: 'x', occurredAt: '2030-01-01T00:00:00Z', payload: {} })
      ).rejects.toMatchObject({ code: 'bad-time', params: { problem: 'future' } })
      await expect(
        opened.append({ kind: 'note', title: 'x', occurredAt: '2026-02-30', payload: {} })
      ).rejects.toMatchObject({ code: 'invalid-input' })
      expect(opened.list()).toHaveLength(0)
    } finally {
      await opened.close()
    }
  })
})

describe.runIf(process.platform === 'linux')('dalel given raw bytes that are not UTF-8', () => {
  it('refuses the argument instead of recording U+FFFD', () => {
    const cli = join(process.cwd(), 'out/cli/dalel.js')
    if (!existsSync(cli)) execFileSync(process.execPath, ['scripts/build-cli.mjs'])
    const r = spawnSync(
      'sh',
      ['-c', `"${process.execPath}" "${cli}" note "${vault}" --title "$(printf 'Зв\\377нок')"`],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', DALEL_PASSPHRASE: TEST_PASSPHRASE, DALEL_LANG: 'en' }
      }
    )
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('not valid UTF-8')
  })
})
