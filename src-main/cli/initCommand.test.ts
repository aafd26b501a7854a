import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { translate } from '../common/i18n/translate'
import { tempDir } from '../node/testing/testVault'
import { runCli } from './runCli'

/** `dalel init` and the two things a newcomer gets wrong: no author, a weak passphrase. */
let root: { path: string; remove: () => Promise<void> }
let n = 0

beforeAll(async () => {
  root = await tempDir('dalel-init-')
})
afterAll(async () => {
  await root.remove()
})

async function init(
  args: string[],
  passphrase: string,
  stdin: Readable & { isTTY?: boolean } = Readable.from([]),
  readAuthor = true
) {
  let stdout = ''
  let stderr = ''
  const vault = join(root.path, `vault-${++n}`)
  const code = await runCli({
    argv: ['init', vault, ...args],
    env: { DALEL_PASSPHRASE: passphrase, DALEL_LANG: 'en' },
    stdin,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) }
  })
  let author = ''
  if (code === 0 && readAuthor) {
    await runCli({
      argv: ['note', vault, '--title', 'Проверка'],
      env: { DALEL_PASSPHRASE: passphrase, DALEL_LANG: 'en' },
      stdin: Readable.from([]),
      stdout: { write: () => true },
      stderr: { write: () => true }
    })
    let shown = ''
    await runCli({
      argv: ['show', vault, '1', '--json'],
      env: { DALEL_PASSPHRASE: passphrase, DALEL_LANG: 'en' },
      stdin: Readable.from([]),
      stdout: { write: (t: string) => (shown += t) },
      stderr: { write: () => true }
    })
    author = (JSON.parse(shown) as { entry: { author: string } }).entry.author
  }
  return { code, stdout, stderr, author }
}

const STRONG = 'қызыл алма терезе велосипед'
const warning = (key: 'cli.weakPassphrase' | 'cli.init.noAuthor') =>
  `${translate('en', 'cli.warning')}: ${translate('en', key, { min: 8 })}`

describe('dalel init', () => {
  it('warns on a weak or short passphrase, as the app does, and not on a strong one', async () => {
    for (const weak of ['short', 'qwerty12']) {
      const r = await init(['--author', 'Айгерим'], weak, Readable.from([]), false)
      expect(r.code).toBe(0)
      expect(r.stderr).toContain(warning('cli.weakPassphrase'))
    }
    const strong = await init(['--author', 'Айгерим'], STRONG)
    expect(strong.stderr).not.toContain(warning('cli.weakPassphrase'))
    expect(strong.author).toBe('Айгерим')
  })

  it('without --author and without a terminal, warns that entries will name nobody', async () => {
    const r = await init([], STRONG)
    expect(r.code).toBe(0)
    expect(r.stderr).toContain(warning('cli.init.noAuthor'))
    expect(r.author).toBe('')
  })

  it('without --author at a terminal, asks for the author and stores it', async () => {
    const terminal = Object.assign(Readable.from(['Айгерим Сапарова\n']), { isTTY: true })
    const r = await init([], STRONG, terminal)
    expect(r.code).toBe(0)
    expect(r.stderr).toContain(translate('en', 'cli.init.promptAuthor'))
    expect(r.stderr).not.toContain(warning('cli.init.noAuthor'))
    expect(r.author).toBe('Айгерим Сапарова')
  })
})
