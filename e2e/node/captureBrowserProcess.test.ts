import { execFileSync, spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, readdir, readlink, rm, statfs } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CaptureFixtures } from '../fixtures/captureFixtureServer'
import { TEST_CHROMIUM, filesContaining, suiteName } from '../fixtures/captureTestKit'
import { makeTestPki } from '../../src-main/node/testing/testCertificates'
import { TMPFS_MAGIC, findRamTempParent } from '../../src-main/node/capture/ramTempParent'

/**
 * The capture browser as a process of `dalel capture` (issue 15, items 1, 3 and 4): what it
 * inherits, what it leaves on disk when a page crashes it, and what remains when the CLI is
 * stopped by a signal in the middle of a capture. Linux only (reads /proc).
 */
const CLI = join(process.cwd(), 'out/cli/dalel.js')
const PASSPHRASE = 'Тұз бен нан — 2026 / env-secret'
const onLinux = process.platform === 'linux'

interface Proc {
  pid: number
  ppid: number
}

async function processes(): Promise<Proc[]> {
  const out: Proc[] = []
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '')
    // pid (comm) state ppid …; comm may hold spaces and parentheses: split after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (rest[1] !== undefined) out.push({ pid: Number(name), ppid: Number(rest[1]) })
  }
  return out
}

/** Every process below `root`, children first. */
async function descendants(root: number): Promise<number[]> {
  const all = await processes()
  const found: number[] = []
  const walk = (pid: number) => {
    for (const p of all)
      if (p.ppid === pid) {
        found.push(p.pid)
        walk(p.pid)
      }
  }
  walk(root)
  return found
}

async function isBrowser(pid: number): Promise<boolean> {
  const exe = await readlink(`/proc/${pid}/exe`).catch(() => '')
  return /chrom/i.test(exe)
}

async function until(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = performance.now() + ms
  while (performance.now() < end) {
    if (await condition()) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return false
}

describe.skipIf(TEST_CHROMIUM === null || !onLinux)(
  suiteName('the capture browser process (environment, crash dumps, signals)'),
  () => {
    const fixtures = new CaptureFixtures()
    let dir = ''
    let vault = ''
    let env: Record<string, string> = {}

    function start(args: string[], extraEnv: Record<string, string> = {}) {
      const child = spawn(process.execPath, [CLI, ...args], {
        env: { ...env, ...extraEnv },
        stdio: ['ignore', 'pipe', 'pipe']
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
        (resolve) => {
          child.once('exit', (code, signal) => {
            resolve({ code, signal })
          })
        }
      )
      return { child, exited, out: () => ({ stdout, stderr }) }
    }

    /** A fresh TMPDIR and HOME for one CLI run. */
    async function privateDirs(name: string): Promise<{ tmp: string; home: string }> {
      const tmp = join(dir, `${name}-tmp`)
      const home = join(dir, `${name}-home`)
      await mkdir(tmp)
      await mkdir(home)
      return { tmp, home }
    }

    async function browserPids(child: ChildProcess): Promise<number[]> {
      const pids: number[] = []
      for (const pid of await descendants(child.pid ?? -1)) if (await isBrowser(pid)) pids.push(pid)
      return pids
    }

    beforeAll(async () => {
      const help = existsSync(CLI)
        ? spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout
        : ''
      if (!help.includes('dalel capture')) execFileSync(process.execPath, ['scripts/build-cli.mjs'])
      dir = await mkdtemp(join(tmpdir(), 'dalel-capture-process-'))
      await fixtures.start(makeTestPki(dir))
      vault = join(dir, 'vault')
      env = {
        PATH: process.env.PATH ?? '',
        DALEL_PASSPHRASE: PASSPHRASE,
        DALEL_LANG: 'en',
        DALEL_CHROMIUM: TEST_CHROMIUM ?? '',
        // Dalel's other variables must not reach the browser either.
        DALEL_TEST_MARKER: 'dalel-marker-value'
      }
      const init = start(['init', vault, '--author', 'Айгерим'])
      expect((await init.exited).code, init.out().stderr).toBe(0)
    })
    afterAll(async () => {
      await fixtures.close()
      await rm(dir, { recursive: true, force: true })
    })

    it('starts the browser with a minimal environment: no DALEL_ variable, no passphrase', async () => {
      const { tmp, home } = await privateDirs('environ')
      const run = start(['capture', vault, `${fixtures.http}/hang`, '--timeout', '20'], {
        TMPDIR: tmp,
        HOME: home
      })
      expect(await until(async () => (await browserPids(run.child)).length >= 2, 30_000)).toBe(true)
      const seen = new Map<number, string[]>()
      const browser = (await processes()).find(
        (p) => p.ppid === run.child.pid && seen.size === 0
      )?.pid
      for (const pid of await descendants(run.child.pid ?? -1)) {
        const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => null)
        if (environ !== null)
          seen.set(
            pid,
            environ.split('\0').filter((v) => v !== '')
          )
      }
      // Its TMPDIR, where the browser writes a page's MHTML for a moment, is in RAM when a
      // roomy RAM-backed /dev/shm exists (read while it runs: it is removed on exit).
      const browserTmp = (seen.get(browser ?? -1) ?? [])
        .find((v) => v.startsWith('TMPDIR='))
        ?.slice('TMPDIR='.length)
      const tmpType = browserTmp === undefined ? undefined : (await statfs(browserTmp)).type
      run.child.kill('SIGTERM')
      await run.exited
      if ((await findRamTempParent()) !== null) expect(tmpType, browserTmp).toBe(TMPFS_MAGIC)
      expect(seen.size).toBeGreaterThanOrEqual(2)
      for (const [pid, vars] of seen) {
        expect(
          vars.filter((v) => v.startsWith('DALEL_')),
          `pid ${pid}`
        ).toEqual([])
        expect(vars.join('\n'), `pid ${pid}`).not.toContain(PASSPHRASE)
        // Its home is private, not the user's.
        expect(vars).not.toContain(`HOME=${home}`)
      }
      // The browser itself gets exactly these (its helpers add Chromium's own, e.g. D-Bus).
      const names = (seen.get(browser ?? -1) ?? []).map((v) => v.slice(0, v.indexOf('=')))
      expect(names.sort()).toEqual(
        [
          'HOME',
          'LANG',
          'PATH',
          'TMPDIR',
          'XDG_CACHE_HOME',
          'XDG_CONFIG_HOME',
          'XDG_DATA_HOME'
        ].sort()
      )
    })

    for (const signal of ['SIGTERM', 'SIGINT'] as const)
      it(`leaves nothing in TMPDIR and no browser running when ${signal} stops a capture`, async () => {
        const { tmp, home } = await privateDirs(signal)
        const hangsBefore = fixtures.hits.get('/hang') ?? 0
        const run = start(['capture', vault, `${fixtures.http}/hang`, '--timeout', '30'], {
          TMPDIR: tmp,
          HOME: home
        })
        // Mid-capture: the browser runs, its profile and the private home are in TMPDIR.
        expect(
          await until(async () => {
            const names = await readdir(tmp)
            return (
              names.some((n) => n.startsWith('dalel-browser-')) &&
              names.some((n) => n.startsWith('playwright_chromiumdev_profile-')) &&
              (await browserPids(run.child)).length > 0 &&
              (fixtures.hits.get('/hang') ?? 0) > hangsBefore
            )
          }, 30_000),
          run.out().stderr
        ).toBe(true)
        const browsers = await browserPids(run.child)
        run.child.kill(signal)
        const exit = await run.exited
        expect(exit.signal ?? exit.code).not.toBe(0)
        expect(await readdir(tmp)).toEqual([])
        // Chromium's helpers (crashpad) outlive the browser by a moment.
        const gone = await until(
          async () => (await processes()).every((p) => !browsers.includes(p.pid)),
          5000
        )
        expect(gone, `still running: ${browsers.join(', ')}`).toBe(true)
      })

    it('leaves no crash dump and nothing naming the URL when a page crashes the browser by exhausting memory', async () => {
      const { tmp, home } = await privateDirs('crash')
      const marker = `crash${Date.now().toString(36)}`
      const run = start(['capture', vault, `${fixtures.http}/oom/${marker}`, '--timeout', '30'], {
        TMPDIR: tmp,
        HOME: home,
        XDG_CONFIG_HOME: join(home, '.config')
      })
      // Watched while it runs, and searched again afterwards.
      const leaks = new Set<string>()
      const state = { running: true }
      void run.exited.finally(() => (state.running = false))
      while (state.running) {
        for (const where of [tmp, home])
          for (const path of await filesContaining(where, marker)) leaks.add(path)
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
      const exit = await run.exited
      expect(exit.code, run.out().stderr).toBe(0)
      expect(run.out().stderr).toMatch(/the page crashed the browser tab/)
      for (const where of [tmp, home])
        for (const path of await filesContaining(where, marker)) leaks.add(path)
      const dumps: string[] = []
      const walk = async (path: string): Promise<void> => {
        for (const entry of await readdir(path, { withFileTypes: true }).catch(() => [])) {
          const child = join(path, entry.name)
          if (entry.isDirectory()) await walk(child)
          else if (/\.(dmp|meta)$/.test(entry.name) || entry.name === 'Crash Reports')
            dumps.push(child)
        }
      }
      await walk(home)
      await walk(tmp)
      expect([...leaks]).toEqual([])
      expect(dumps).toEqual([])
      expect(await readdir(tmp)).toEqual([])
    }, 90_000)
  }
)
