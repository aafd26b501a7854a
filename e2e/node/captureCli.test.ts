import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CaptureFixtures } from '../fixtures/captureFixtureServer'
import { TEST_CHROMIUM, filesContaining, suiteName } from '../fixtures/captureTestKit'
import { makeTestPki } from '../../src-main/node/testing/testCertificates'

/**
 * `dalel capture` and `dalel recheck` as a journalist runs them: the built CLI on plain
 * Node, a vault with the real Argon2id parameters, a system Chromium found on PATH or
 * through DALEL_CHROMIUM.
 */
const CLI = join(process.cwd(), 'out/cli/dalel.js')
const PASSPHRASE = 'Тұз бен нан — 2026'
const ID_LINE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe.skipIf(TEST_CHROMIUM === null)(suiteName('dalel capture and recheck'), () => {
  const fixtures = new CaptureFixtures()
  let dir = ''
  let vault = ''
  let env: Record<string, string> = {}

  /** Runs the CLI without blocking this process, which serves the fixture pages. */
  async function dalel(
    args: string[],
    extraEnv: Record<string, string> = {}
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve))
    return { code, stdout, stderr }
  }

  beforeAll(async () => {
    // A CLI built before `capture` existed would fail every test here for the wrong reason.
    const help = existsSync(CLI)
      ? spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout
      : ''
    if (!help.includes('dalel capture')) execFileSync(process.execPath, ['scripts/build-cli.mjs'])
    dir = await mkdtemp(join(tmpdir(), 'dalel-capture-cli-'))
    await fixtures.start(makeTestPki(dir))
    vault = join(dir, 'vault')
    env = {
      PATH: process.env.PATH ?? '',
      DALEL_PASSPHRASE: PASSPHRASE,
      DALEL_LANG: 'en',
      DALEL_CHROMIUM: TEST_CHROMIUM ?? ''
    }
    expect((await dalel(['init', vault, '--author', 'Айгерим'])).code).toBe(0)
  })
  afterAll(async () => {
    await fixtures.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('prints one id per URL on stdout and a progress line per URL on stderr; failures warn and exit 0', async () => {
    const list = join(dir, 'urls.txt')
    await writeFile(list, `# from the takedown list\n\n${fixtures.http}/gone\n`)
    const r = await dalel([
      'capture',
      vault,
      `${fixtures.http}/article`,
      `${fixtures.http}/hang`,
      '--urls-file',
      list,
      '--timeout',
      '3'
    ])
    expect(r.code, r.stderr).toBe(0)
    const ids = r.stdout.trim().split('\n')
    expect(ids).toHaveLength(3)
    for (const id of ids) expect(id).toMatch(ID_LINE)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(3)
    // Seconds to one decimal, a trailing zero dropped as every number a reader sees ("1 s",
    // "1.4 s"; formatNumber): a capture that took 0.96–1.04 s reads "1 s".
    expect(lines[0]).toMatch(
      /^\[1\/3\] http:\/\/127\.0\.0\.1:\d+\/article — captured \(HTTP 200\) \(\d+(?:\.\d)? s\)$/
    )
    expect(lines[1]).toMatch(
      /^warning: \[2\/3\] \S+\/hang — no answer within 3 s; recorded as evidence/
    )
    expect(lines[2]).toMatch(/^warning: \[3\/3\] \S+\/gone — the server answered HTTP 404/)

    const shown = JSON.parse((await dalel(['show', vault, ids[0] ?? '', '--json'])).stdout) as {
      entry: { kind: string; payload: { outcome: string; text: string } }
      attachments: { role: string; mediaType: string; width?: number }[]
    }
    expect(shown.entry.kind).toBe('web-capture')
    expect(shown.entry.payload.outcome).toBe('captured')
    expect(shown.attachments.map((a) => a.role)).toEqual([
      'screenshot-full',
      'screenshot-viewport',
      'mhtml',
      'dom',
      'text',
      'har'
    ])
    expect(shown.attachments[0]).toMatchObject({ mediaType: 'image/png', width: 1280 })
    const found = JSON.parse((await dalel(['search', vault, 'ТІНТУ', '--json'])).stdout) as {
      entries: { id: string }[]
    }
    expect(found.entries.map((e) => e.id)).toEqual([ids[0]])
    expect((await dalel(['verify', vault])).code).toBe(0)
  })

  it('rechecks every captured URL and says, in Kazakh, what is still there, unavailable or gone', async () => {
    const r = await dalel(['recheck', vault, '--timeout', '3', '--lang', 'kk'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.trim().split('\n')).toHaveLength(3)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(3)
    expect(lines.find((l) => l.includes('/article'))).toMatch(/жазбасымен салыстырғанда өзгермеген/)
    expect(lines.find((l) => l.includes('/gone'))).toMatch(/^ескерту: .*жоқ болып кетті/)
    // A server that never answers is unavailable, not gone: the content may still be there.
    expect(lines.find((l) => l.includes('/hang'))).toMatch(/^ескерту: .*қолжетімсіз/)
  })

  it('writes no page content to disk unencrypted, during the capture or after it', async () => {
    // The browser's profile and Playwright's files go to TMPDIR; anything Chromium writes
    // to a home directory goes to HOME. Both are watched while the capture runs (a slow
    // image keeps it open for 1.5 s) and searched again afterwards, with the vault.
    const tmp = join(dir, 'tmp')
    const home = join(dir, 'home')
    await mkdir(tmp)
    await mkdir(home)
    const urlMarker = `dalel${Date.now().toString(36)}`
    const contentMarker = urlMarker.toUpperCase() // what the page shows
    const child = spawn(
      process.execPath,
      [CLI, 'capture', vault, `${fixtures.http}/marker/${urlMarker}`],
      { env: { ...env, TMPDIR: tmp, HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    const state = { running: true }
    void exited.finally(() => (state.running = false))
    const leaks = new Set<string>()
    let scans = 0
    while (state.running) {
      for (const where of [tmp, home, vault])
        for (const marker of [contentMarker, urlMarker])
          for (const path of await filesContaining(where, marker)) leaks.add(`${marker} in ${path}`)
      scans++
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(await exited, stderr).toBe(0)
    for (const where of [tmp, home, vault])
      for (const path of await filesContaining(where, contentMarker)) leaks.add(path)
    expect(scans).toBeGreaterThan(5)
    expect([...leaks]).toEqual([])
    expect(stderr).toContain('captured (HTTP 200)')
    // What remains of the browser after it closed: nothing in TMPDIR.
    expect(await readdir(tmp)).toEqual([])
  })

  it('says how to get a browser when none is found, and exits 4', async () => {
    const r = await dalel(['capture', vault, `${fixtures.http}/article`], {
      DALEL_CHROMIUM: '',
      PATH: '/nonexistent'
    })
    expect(r.code).toBe(4)
    expect(r.stderr).toContain('apt-get install chromium')
    expect(r.stdout).toBe('')
  })
})
