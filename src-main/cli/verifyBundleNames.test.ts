import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locale } from '../common/i18n/translate'
import { translate } from '../common/i18n/translate'
import { TEST_PASSPHRASE, createTestVault, tempDir } from '../node/testing/testVault'
import { runCliCaptured } from './testing/runCliCaptured'

/**
 * `verify-bundle` on a bundle whose attachments are named `<index>.<ext>`: one line on stderr
 * says so, however many there are (a line per file used to push the verdict off the screen);
 * `--json` still lists every recorded name.
 */
let root: { path: string; remove: () => Promise<void> }
let bundle = ''
const NAMES = ['протокол-1.jpg', 'протокол-2.jpg', 'тінту хаттамасы.txt', 'видео с обыска.mp4']

/** No PATH: export finds no Chromium and writes report.html only, quickly. */
function dalel(lang: Locale, argv: string[]) {
  return runCliCaptured(argv, { DALEL_LANG: lang, DALEL_PASSPHRASE: TEST_PASSPHRASE })
}

beforeAll(async () => {
  root = await tempDir('dalel-verify-bundle-names-')
  const vaultPath = join(root.path, 'vault')
  const { vault } = await createTestVault(vaultPath)
  await vault.close()
  const paths = NAMES.map((name) => join(root.path, name))
  for (const [i, path] of paths.entries()) await writeFile(path, `file ${i}\n`)
  expect((await dalel('en', ['attach', vaultPath, ...paths, '--title', 'Обыск'])).code).toBe(0)
  bundle = join(root.path, 'bundle.zip')
  expect((await dalel('en', ['export', vaultPath, '--out', bundle, '--all'])).code).toBe(0)
})
afterAll(async () => {
  await root.remove()
})

describe('verify-bundle and attachments named by number', () => {
  for (const lang of ['en', 'ru', 'kk'] as const) {
    it(`says in one line on stderr that ${NAMES.length} attachments are named by number, in ${lang}`, async () => {
      const run = await dalel(lang, ['verify-bundle', bundle])
      expect(run.code).toBe(0)
      const summary = translate(lang, 'cli.bundle.fileNames', { count: NAMES.length })
      const lines = run.stderr.split('\n')
      expect(lines.filter((line) => line === summary)).toHaveLength(1)
      // No line per file: no recorded name and no numbered path on stderr.
      for (const name of NAMES) expect(run.stderr).not.toContain(name)
      expect(run.stderr).not.toMatch(/entries\/\d+\/\d/)
    })
  }

  it('lists every recorded name in --json', async () => {
    const report = JSON.parse((await dalel('en', ['verify-bundle', bundle, '--json'])).stdout) as {
      attachmentNames: { path: string; name: string }[]
    }
    expect(report.attachmentNames.map((a) => a.name).sort()).toEqual([...NAMES].sort())
    expect(report.attachmentNames.every((a) => /^entries\/\d+\/\d+\.\w+$/.test(a.path))).toBe(true)
  })
})
