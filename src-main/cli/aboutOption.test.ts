import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../node/testing/testVault'
import { runCli } from './runCli'

/** `--about` on the commands that record, and `show` naming the link both ways. */
let root: { path: string; remove: () => Promise<void> }
let vault = ''

async function dalel(argv: string[], lang = 'en') {
  let stdout = ''
  let stderr = ''
  const code = await runCli({
    argv,
    env: { DALEL_PASSPHRASE: 'қызыл алма терезе велосипед', DALEL_LANG: lang },
    stdin: Readable.from([]),
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) }
  })
  return { code, stdout, stderr }
}

beforeAll(async () => {
  root = await tempDir('dalel-about-cli-')
  vault = join(root.path, 'vault')
  expect((await dalel(['init', vault, '--author', 'Айгерим'])).code).toBe(0)
})
afterAll(async () => {
  await root.remove()
})

describe('--about', () => {
  it('links a note, an incident and a file to earlier entries, and show lists both directions', async () => {
    const search = await dalel(['incident', vault, '--type', 'search', '--title', 'Обыск'])
    expect(search.code).toBe(0)
    const searchId = search.stdout.trim()
    const photo = join(root.path, 'protocol.jpg')
    await writeFile(photo, 'протокол')
    expect((await dalel(['attach', vault, photo, '--about', '1'])).code).toBe(0)
    expect(
      (
        await dalel([
          'note',
          vault,
          '--title',
          'Адвоката не пустили',
          '--about',
          searchId,
          '--about',
          '2'
        ])
      ).code
    ).toBe(0)
    expect(
      (
        await dalel([
          'incident',
          vault,
          '--type',
          'interrogation',
          '--title',
          'Допрос',
          '--about',
          '3'
        ])
      ).code
    ).toBe(0)

    const note = await dalel(['show', vault, '3'])
    expect(note.stdout).toContain('About entries: #1, #2\n')
    expect(note.stdout).toContain('Referred to by: #4\n')
    const first = await dalel(['show', vault, '1'], 'ru')
    expect(first.stdout).toContain('Упоминается в записях: №2, №3\n')
    const json = JSON.parse((await dalel(['show', vault, '3', '--json'])).stdout) as {
      entry: { payload: { about: unknown } }
      linkedFrom: { seq: number }[]
    }
    expect(json.entry.payload.about).toEqual([
      { seq: 1, id: searchId },
      { seq: 2, id: expect.any(String) as string }
    ])
    expect(json.linkedFrom.map((r) => r.seq)).toEqual([4])
  })

  it('refuses a link to an entry that does not exist, with one line and nothing recorded', async () => {
    const before = (await dalel(['list', vault, '--json'])).stdout
    const result = await dalel(['note', vault, '--title', 'Ссылка', '--about', '99'])
    expect(result.code).toBe(4)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toContain('No entry 99')
    expect((await dalel(['list', vault, '--json'])).stdout).toBe(before)
  })
})
