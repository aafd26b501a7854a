import { execFile } from 'node:child_process'
import { chmod, cp, mkdir, readFile, readdir, rm, stat, statfs, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// The CLI's exit codes and its one translated line on stderr are what this suite checks;
// calling runCli in-process spares a build. Nothing in node/ itself uses the CLI.
import { runCli } from '../../cli/runCli'
import { DalelError } from '../../common/errors/DalelError'
import { translate } from '../../common/i18n/translate'
import { expectReopensWith } from '../testing/expectReopensWith'
import { fileHashes } from '../testing/fileHashes'
import { tempFilesIn } from '../testing/tempFilesIn'
import { TEST_PASSPHRASE, createTestVault, steppingClock, tempDir } from '../testing/testVault'
import { JOURNAL_FILE, SNAPSHOT_FILE, VAULT_FILE, Vault } from './Vault'

/**
 * Bad input: a wrong passphrase, a missing or unreadable vault, a bad command line, a full
 * disk. Each ends in one clear, translated line and the right exit code, and leaves the vault
 * exactly as it was.
 */

const run = promisify(execFile)
const isRoot = process.getuid?.() === 0

let root: { path: string; remove: () => Promise<void> }
/** A closed vault with three entries; cases that change it work on a copy. */
let pristine: { dir: string; recoveryCode: string; ids: string[] }
let caseCounter = 0

beforeAll(async () => {
  root = await tempDir('dalel-bad-input-')
  const dir = join(root.path, 'pristine')
  const { vault, recoveryCode } = await createTestVault(dir)
  await seedEntries(vault, root.path)
  const ids = vault.list().map((e) => e.id)
  await vault.close()
  pristine = { dir, recoveryCode, ids }
})

afterAll(async () => {
  await root.remove()
})

async function seedEntries(vault: Vault, scratch: string): Promise<void> {
  await vault.append({ kind: 'note', title: 'Обыск', payload: { body: 'Изъяли ноутбуки.' } })
  const photo = join(scratch, `photo-${++caseCounter}.bin`)
  await writeFile(photo, Buffer.alloc(3000, caseCounter))
  await vault.append({ kind: 'file', title: 'Фото протокола', payload: {} }, [{ path: photo }])
  await vault.append({
    kind: 'incident',
    title: 'Блокировка сайта',
    payload: { type: 'website-block', body: 'С 9:00 сайт недоступен.' }
  })
}

async function freshCopy(): Promise<string> {
  const dir = join(root.path, `case-${++caseCounter}`)
  await cp(pristine.dir, dir, { recursive: true })
  return dir
}

function collector(): { write(text: string): boolean; text: string } {
  return {
    text: '',
    write(text: string) {
      this.text += text
      return true
    }
  }
}

interface CliResult {
  code: number
  stdout: string
  stderr: string
  /** stderr's non-empty lines */
  lines: string[]
}

async function dalel(
  argv: string[],
  options: { env?: NodeJS.ProcessEnv; stdin?: string } = {}
): Promise<CliResult> {
  const stdout = collector()
  const stderr = collector()
  const code = await runCli({
    argv,
    env: options.env ?? { DALEL_PASSPHRASE: TEST_PASSPHRASE, DALEL_LANG: 'en' },
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
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

/** One line on stderr, no stack trace. */
function expectOneLine(result: CliResult): string {
  expect(result.lines, result.stderr).toHaveLength(1)
  expect(result.stderr).not.toMatch(/\n\s+at /)
  return result.lines[0] ?? ''
}

describe('Bad input through the CLI', () => {
  it('refuses a wrong passphrase with exit 3 and one line, changing nothing', async () => {
    const dir = await freshCopy()
    const before = await fileHashes(dir)
    for (const argv of [
      ['list', dir],
      ['note', dir, '--title', 'не должно записаться']
    ]) {
      const result = await dalel(argv, {
        env: { DALEL_PASSPHRASE: 'не тот пароль', DALEL_LANG: 'en' }
      })
      expect(result.code).toBe(3)
      expect(result.stdout).toBe('')
      expect(expectOneLine(result)).toBe(`dalel: ${translate('en', 'error.wrong-passphrase')}`)
    }
    expect(await fileHashes(dir)).toEqual(before)
  })

  it('refuses a wrong passphrase given on stdin with exit 3', async () => {
    const result = await dalel(['verify', pristine.dir, '--passphrase-stdin'], {
      env: { DALEL_LANG: 'en' },
      stdin: 'wrong passphrase\n'
    })
    expect(result.code).toBe(3)
    expect(expectOneLine(result)).toMatch(/^dalel: Wrong passphrase or recovery code\./)
  })

  it('reports a missing vault with exit 4 and "No vault at", creating nothing', async () => {
    const missing = join(root.path, 'no-such-vault')
    for (const argv of [
      ['list', missing],
      ['verify', missing],
      ['note', missing, '--title', 'x']
    ]) {
      const result = await dalel(argv)
      expect(result.code).toBe(4)
      expect(expectOneLine(result)).toBe(`dalel: No vault at ${missing}.`)
    }
    await expect(stat(missing)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('reports an empty directory and a plain file as no vault', async () => {
    const empty = join(root.path, 'empty-dir')
    await mkdir(empty)
    const file = join(root.path, 'plain-file.txt')
    await writeFile(file, 'not a vault')
    for (const path of [empty, file]) {
      const result = await dalel(['list', path])
      expect(result.code).toBe(4)
      expect(expectOneLine(result)).toBe(`dalel: No vault at ${path}.`)
    }
    expect(await readdir(empty)).toEqual([])
  })

  it('reports an unreadable snapshot.bin (a directory in its place) with exit 4 naming it', async () => {
    // Works as root too, where file permissions do not stop reading.
    const dir = await freshCopy()
    await rm(join(dir, SNAPSHOT_FILE))
    await mkdir(join(dir, SNAPSHOT_FILE))
    const before = await fileHashes(dir)
    for (const argv of [
      ['verify', dir],
      ['note', dir, '--title', 'x']
    ]) {
      const result = await dalel(argv)
      expect(result.code).toBe(4)
      expect(expectOneLine(result)).toMatch(/^dalel: .*snapshot\.bin/)
    }
    expect(await fileHashes(dir)).toEqual(before)
    expect(await readdir(dir)).not.toContain('vault.lock')
  })

  it('reports an unreadable vault.json (a directory in its place) with exit 4 naming it', async () => {
    const dir = await freshCopy()
    await rm(join(dir, VAULT_FILE))
    await mkdir(join(dir, VAULT_FILE))
    const result = await dalel(['list', dir])
    expect(result.code).toBe(4)
    expect(expectOneLine(result)).toMatch(/^dalel: .*vault\.json/)
  })

  // As root (as in CI here), mode 000 does not stop a read; the directory case above covers it.
  it.skipIf(isRoot)(
    'reports a snapshot.bin without read permission with exit 4 naming it',
    async () => {
      const dir = await freshCopy()
      await chmod(join(dir, SNAPSHOT_FILE), 0o000)
      try {
        const result = await dalel(['verify', dir])
        expect(result.code).toBe(4)
        expect(expectOneLine(result)).toMatch(/^dalel: Cannot read .*snapshot\.bin \(EACCES\)/)
      } finally {
        await chmod(join(dir, SNAPSHOT_FILE), 0o600)
      }
    }
  )

  it('speaks Russian with --lang ru, --lang=ru or DALEL_LANG=ru', async () => {
    const missing = join(root.path, 'нет-такого')
    const expected = `dalel: ${translate('ru', 'error.vault-not-found', { path: missing })}`
    expect(expected).toContain('хранилища нет')
    for (const [argv, env] of [
      [['list', missing, '--lang', 'ru'], { DALEL_PASSPHRASE: TEST_PASSPHRASE, DALEL_LANG: 'en' }],
      [['list', missing, '--lang=ru'], { DALEL_PASSPHRASE: TEST_PASSPHRASE }],
      [['list', missing], { DALEL_PASSPHRASE: TEST_PASSPHRASE, DALEL_LANG: 'ru' }]
    ] as const) {
      const result = await dalel([...argv], { env })
      expect(result.code).toBe(4)
      expect(expectOneLine(result)).toBe(expected)
    }
    const wrong = await dalel(['list', pristine.dir, '--lang', 'ru'], {
      env: { DALEL_PASSPHRASE: 'не тот' }
    })
    expect(wrong.code).toBe(3)
    expect(expectOneLine(wrong)).toBe(
      'dalel: Неверная парольная фраза или код восстановления. Ничего не изменено.'
    )
  })

  it('exits 2 on usage errors, before anything is unlocked or written', async () => {
    const dir = await freshCopy()
    const before = await fileHashes(dir)
    const cases: [string[], RegExp][] = [
      [['frobnicate', dir], /^dalel: Unknown command "frobnicate"\./],
      [['list'], /^dalel: Usage: dalel list/],
      [['verify', dir, 'extra'], /^dalel: Usage: dalel verify/],
      [['list', dir, '--frobnicate'], /^dalel: .*frobnicate/],
      [['note', dir], /^dalel: .*--title/],
      [['note', dir, '--title', 'T', '--body', 'b', '--body-file', 'f'], /^dalel: /],
      [['incident', dir, '--type', 'tea-party', '--title', 'T'], /^dalel: .*tea-party/]
    ]
    for (const [argv, message] of cases) {
      const result = await dalel(argv)
      expect(result.code, argv.join(' ')).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.lines[0], argv.join(' ')).toMatch(message)
      expect(result.stderr).not.toMatch(/\n\s+at /)
    }
    const bare = await dalel([])
    expect(bare.code).toBe(2)
    expect(bare.stdout).toContain('dalel verify <vault>')
    expect(await fileHashes(dir)).toEqual(before)
  })

  it('exits 2 on an invalid --occurred date, recording nothing', async () => {
    const dir = await freshCopy()
    const before = await fileHashes(dir)
    const result = await dalel(['note', dir, '--title', 'T', '--occurred', 'вчера'])
    expect(result.code).toBe(2)
    expect(expectOneLine(result)).toMatch(/^dalel: .*occurred/)
    expect(await fileHashes(dir)).toEqual(before)
  })
})

describe('A full disk', () => {
  let disk: string | null = null
  let mountFailure = ''

  beforeAll(async () => {
    const dir = join(root.path, 'small-disk')
    await mkdir(dir)
    try {
      await run('mount', ['-t', 'tmpfs', '-o', 'size=3m,mode=0700', 'tmpfs', dir])
      disk = dir
    } catch (error) {
      mountFailure = `cannot mount a small tmpfs here: ${String(error)}`
    }
  })

  afterAll(async () => {
    if (disk === null) return
    try {
      await run('umount', [disk])
    } catch {
      // Something still holds a file open (a failed test): detach it lazily instead.
      await run('umount', ['-l', disk])
    }
  })

  function smallDisk(skip: (condition: boolean, note?: string) => void): string {
    skip(disk === null, mountFailure)
    return disk ?? ''
  }

  /** Fills the small disk until only about `leave` bytes are free; returns the filler's path. */
  async function fillDisk(mount: string, leave: number): Promise<string> {
    const filler = join(mount, `filler-${++caseCounter}`)
    const { bavail, bsize } = await statfs(mount)
    await writeFile(filler, Buffer.alloc(Math.max(0, bavail * bsize - leave)))
    const after = await statfs(mount)
    expect(after.bavail * after.bsize).toBeLessThanOrEqual(leave)
    return filler
  }

  const bigBody = 'Расшифровка допроса, слово в слово. '.repeat(8000)

  it('refuses a large note and a 2 MB attachment with disk-full, keeping exactly the acknowledged entries', async ({
    skip
  }) => {
    const mount = smallDisk(skip)
    const dir = join(mount, 'api')
    const { vault, recoveryCode } = await createTestVault(dir)
    await seedEntries(vault, root.path)
    const acknowledged = vault.list().map((e) => e.id)
    const big = join(root.path, 'video.bin')
    await writeFile(big, Buffer.alloc(2 * 1024 * 1024, 9))
    const blobsBefore = await readdir(join(dir, 'blobs'), { recursive: true })

    const filler = await fillDisk(mount, 20 * 1024)
    const journalBefore = await readFile(join(dir, JOURNAL_FILE))
    try {
      await expect(
        vault.append({ kind: 'note', title: 'Допрос', payload: { body: bigBody } })
      ).rejects.toMatchObject({ code: 'disk-full' })
      expect(await readFile(join(dir, JOURNAL_FILE))).toEqual(journalBefore)

      const attach = vault.append({ kind: 'file', title: 'Видео', payload: {} }, [{ path: big }])
      await expect(attach).rejects.toBeInstanceOf(DalelError)
      await expect(attach).rejects.toMatchObject({ code: 'disk-full' })
      expect(await readFile(join(dir, JOURNAL_FILE))).toEqual(journalBefore)
      expect(await readdir(join(dir, 'blobs'), { recursive: true })).toEqual(blobsBefore)
      expect(await tempFilesIn(dir)).toEqual([])
      expect(vault.list().map((e) => e.id)).toEqual(acknowledged)
    } finally {
      await vault.close()
      await rm(filler)
    }

    await expectReopensWith(dir, recoveryCode, acknowledged)
  })

  it('leaves no partial record when a journal write hits ENOSPC, and the open vault goes on once space is back', async ({
    skip
  }) => {
    const mount = smallDisk(skip)
    const dir = join(mount, 'journal')
    const { vault, recoveryCode } = await createTestVault(dir)
    await seedEntries(vault, root.path)
    const filler = await fillDisk(mount, 20 * 1024)
    const journalBefore = await readFile(join(dir, JOURNAL_FILE))
    try {
      // Larger than the free space: the write lands partly, then ENOSPC.
      await expect(
        vault.append({ kind: 'note', title: 'Допрос', payload: { body: bigBody } })
      ).rejects.toMatchObject({ code: 'disk-full', params: { path: join(dir, JOURNAL_FILE) } })
      expect(await readFile(join(dir, JOURNAL_FILE))).toEqual(journalBefore)
    } finally {
      await rm(filler)
    }
    const next = await vault.append({ kind: 'note', title: 'После', payload: { body: bigBody } })
    expect(next.seq).toBe(4)
    await vault.close()

    const reopened = await Vault.open(
      dir,
      { recoveryCode },
      { readOnly: true },
      { clock: steppingClock() }
    )
    try {
      expect(reopened.notices).toEqual([])
      const report = await reopened.verify()
      expect(report.warnings.map((w) => w.code)).not.toContain('torn-journal-tail')
      expect(report).toMatchObject({ ok: true, entries: 4, problems: [], warnings: [] })
      expect(reopened.get(4).entry?.title).toBe('После')
    } finally {
      await reopened.close()
    }
  })

  it('dalel note and dalel attach exit 4 with one line saying the disk is full', async ({
    skip
  }) => {
    const mount = smallDisk(skip)
    const dir = join(mount, 'cli')
    const { vault } = await createTestVault(dir)
    await seedEntries(vault, root.path)
    const acknowledged = vault.list().map((e) => e.id)
    await vault.close()
    const bodyFile = join(root.path, 'transcript.txt')
    await writeFile(bodyFile, bigBody)
    const big = join(root.path, 'video-cli.bin')
    await writeFile(big, Buffer.alloc(2 * 1024 * 1024, 7))

    const filler = await fillDisk(mount, 20 * 1024)
    const before = await fileHashes(dir)
    try {
      for (const argv of [
        ['note', dir, '--title', 'Допрос', '--body-file', bodyFile],
        ['attach', dir, big, '--title', 'Видео']
      ]) {
        const result = await dalel(argv)
        expect(result.code, argv[0]).toBe(4)
        expect(result.stdout).toBe('')
        expect(expectOneLine(result)).toMatch(/^dalel: The disk is full while writing /)
      }
      expect(await fileHashes(dir)).toEqual(before)
    } finally {
      await rm(filler)
    }

    const verify = await dalel(['verify', dir])
    expect(verify.code).toBe(0)
    expect(verify.stderr).toBe('')
    const list = await dalel(['list', dir, '--json'])
    const listed = JSON.parse(list.stdout) as { entries: { id: string }[] }
    expect(listed.entries.map((e) => e.id)).toEqual(acknowledged)
  })

  it('a withdrawal whose compaction hits a full disk either records nothing or reports success', async ({
    skip
  }) => {
    // A withdrawal is appended and then compacts, to push the withdrawn content off the disk.
    // What the caller hears must match what the vault holds afterwards.
    const mount = smallDisk(skip)
    const dir = join(mount, 'withdraw')
    const { vault, recoveryCode } = await createTestVault(dir)
    await seedEntries(vault, root.path)
    const target = vault.get(2)
    const filler = await fillDisk(mount, 20 * 1024)
    let failure: unknown = null
    try {
      await vault.append({
        kind: 'withdrawal',
        title: 'Изъятие',
        payload: { target: { seq: target.seq, id: target.id }, reason: 'источник в опасности' }
      })
    } catch (error) {
      failure = error
    } finally {
      await vault.close()
      await rm(filler)
    }

    const reopened = await Vault.open(
      dir,
      { recoveryCode },
      { readOnly: true },
      { clock: steppingClock() }
    )
    try {
      expect((await reopened.verify()).ok).toBe(true)
      const recorded = reopened.count() === 4
      if (failure !== null) {
        expect(failure).toMatchObject({ code: 'disk-full' })
        expect(recorded, 'the caller was told the withdrawal failed, but it was recorded').toBe(
          false
        )
      } else {
        expect(recorded).toBe(true)
      }
    } finally {
      await reopened.close()
    }
  })
})
