import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * What the CLI prints to a terminal when the vault or a bundle carries hostile text: an
 * exporter name that would retitle the window and clear the screen, a title with a bidi
 * override and a forged second line. And a reader that closes the pipe early.
 */
const CLI = join(process.cwd(), 'out/cli/dalel.js')
const PASSPHRASE = 'Тұз бен нан — 2026'
const EXPORTER = '\u001b]0;pwned\u0007\u001b[2J'
const TITLE = 'Протокол\u202Egpj.exe\u009b31m\nOK: bundle verified'

let dir: string
let vault: string

function dalel(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', DALEL_PASSPHRASE: PASSPHRASE, DALEL_LANG: 'en' }
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** Anything a terminal would act on rather than show, apart from line feeds. */
// eslint-disable-next-line no-control-regex -- finding control characters is what the test is for
const TERMINAL_CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u

beforeAll(async () => {
  if (!existsSync(CLI)) execFileSync(process.execPath, ['scripts/build-cli.mjs'])
  if (!existsSync('resources/bundle/verify.html'))
    execFileSync(process.execPath, ['scripts/build-verify-page.mjs'])
  dir = await mkdtemp(join(tmpdir(), 'dalel-terminal-'))
  vault = join(dir, 'vault')
  expect(dalel(['init', vault, '--author', EXPORTER]).code).toBe(0)
  const body = join(dir, 'body.txt')
  await writeFile(body, 'строка 1\n'.repeat(20_000))
  const note = dalel(['note', vault, '--title', TITLE, '--body-file', body])
  expect(note.code, note.stderr).toBe(0)
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('text the CLI prints to a terminal', () => {
  it('verify-bundle shows a hostile exporter escaped, not as terminal commands', () => {
    const zip = join(dir, 'bundle.zip')
    expect(dalel(['export', vault, '--out', zip, '--all']).code).toBe(0)
    const r = dalel(['verify-bundle', zip])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).not.toMatch(TERMINAL_CONTROLS)
    expect(r.stdout).toContain('\\u001b]0;pwned\\u0007\\u001b[2J')
  })

  it('list and show escape control characters and bidi overrides in titles', () => {
    const list = dalel(['list', vault])
    const show = dalel(['show', vault, '1'])
    for (const r of [list, show]) {
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout).not.toMatch(TERMINAL_CONTROLS)
      expect(r.stdout).toContain('Протокол\\u202egpj.exe\\u009b31m\\u000aOK: bundle verified')
    }
    // The title's newline cannot forge a line of its own.
    expect(list.stdout.split('\n').filter((l) => l.startsWith('OK'))).toEqual([])
  })

  it('--json output stays the same JSON document, with the controls escaped by JSON', () => {
    const r = dalel(['show', vault, '1', '--json'])
    expect(r.stdout).not.toMatch(TERMINAL_CONTROLS)
    const shown = JSON.parse(r.stdout) as { entry: { title: string; author: string } }
    expect(shown.entry.title).toBe(TITLE)
    expect(shown.entry.author).toBe(EXPORTER)
  })

  it('ends quietly when the reader closes the pipe early (show … | head -1)', () => {
    const r = spawnSync(
      'sh',
      [
        '-c',
        `"${process.execPath}" "${CLI}" show "${vault}" 1 | head -1; exit "\${PIPESTATUS:-0}"`
      ],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', DALEL_PASSPHRASE: PASSPHRASE, DALEL_LANG: 'en' }
      }
    )
    expect(r.stdout).toMatch(/^#1 {2}note {2}[0-9a-f-]{36}\n$/)
    expect(r.stderr).toBe('')
  })
})
