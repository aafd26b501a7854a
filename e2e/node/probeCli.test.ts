import { execFileSync, spawn, spawnSync } from 'node:child_process'
import type { ChildProcessByStdio } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProbePayload } from '../../src-main/common/entry/Entry'
import { VaultService } from '../../src-main/node/services/VaultService'
import { TEST_KDF, TEST_PASSPHRASE, steppingClock } from '../../src-main/node/testing/testVault'
import { AvailabilityServer } from '../fixtures/AvailabilityServer'
import type { AvailabilityMode } from '../fixtures/AvailabilityServer'
import { TEST_CHROMIUM } from '../fixtures/captureTestKit'

/**
 * `dalel probe` as a journalist runs it during an attack: the built CLI on plain Node against
 * a site on 127.0.0.1 that goes down and comes back, a series of rounds, Ctrl+C, and a
 * SIGKILL in the middle of a series.
 */
const CLI = join(process.cwd(), 'out/cli/dalel.js')
const ID_LINE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** A running `dalel` whose stdout lines (the ids) and stderr lines arrive as they are written. */
class RunningDalel {
  readonly ids: string[] = []
  readonly errLines: string[] = []
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  private waiters: (() => void)[] = []
  private readonly child: ChildProcessByStdio<null, Readable, Readable>

  constructor(args: string[], env: Record<string, string>) {
    this.child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    const lines = (stream: Readable, into: string[]) => {
      let rest = ''
      stream.on('data', (chunk: Buffer) => {
        rest += chunk.toString('utf8')
        const parts = rest.split('\n')
        rest = parts.pop() ?? ''
        into.push(...parts)
        this.wake()
      })
    }
    lines(this.child.stdout, this.ids)
    lines(this.child.stderr, this.errLines)
    this.exited = new Promise((resolve) => {
      this.child.once('close', (code, signal) => {
        this.wake()
        resolve({ code, signal })
      })
    })
  }

  private wake(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const w of waiters) w()
  }

  /** Resolves once `n` ids have been printed (fails if the process ends first). */
  async idCount(n: number): Promise<void> {
    while (this.ids.length < n) {
      if (this.child.exitCode !== null || this.child.signalCode !== null)
        throw new Error(`dalel ended after ${this.ids.length} ids:\n${this.errLines.join('\n')}`)
      await new Promise<void>((resolve) => this.waiters.push(resolve))
    }
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal)
  }
}

describe('dalel probe', () => {
  const site = new AvailabilityServer()
  let dir = ''
  let vault = ''
  let env: Record<string, string> = {}

  async function dalel(
    args: string[]
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const run = new RunningDalel(args, env)
    const { code } = await run.exited
    return { code, stdout: run.ids.join('\n'), stderr: run.errLines.join('\n') }
  }

  async function probes(): Promise<Map<string, ProbePayload>> {
    const listed = JSON.parse(
      (await dalel(['list', vault, '--kind', 'probe', '--json'])).stdout
    ) as {
      entries: { id: string; entry: { kind: string; payload: ProbePayload } }[]
    }
    return new Map(listed.entries.map((e) => [e.id, e.entry.payload]))
  }

  beforeAll(async () => {
    const help = existsSync(CLI)
      ? spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout
      : ''
    if (!help.includes('dalel probe')) execFileSync(process.execPath, ['scripts/build-cli.mjs'])
    dir = await mkdtemp(join(tmpdir(), 'dalel-probe-cli-'))
    vault = join(dir, 'vault')
    await site.start()
    // A vault with test Argon2 limits, so each command's unlock is quick.
    const service = new VaultService({ clock: steppingClock() })
    await service.createVault(vault, {
      passphrase: TEST_PASSPHRASE,
      author: 'Айгерим',
      kdfLimits: TEST_KDF
    })
    await service.lock()
    env = {
      PATH: process.env.PATH ?? '',
      DALEL_PASSPHRASE: TEST_PASSPHRASE,
      DALEL_LANG: 'en',
      DALEL_CHROMIUM: TEST_CHROMIUM ?? ''
    }
  })
  afterAll(async () => {
    await site.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('probes every second, five rounds, and records each way the site fails and recovers', async () => {
    // The hang comes last: a round that times out after 1 s starts the next one at once,
    // leaving no gap in which to switch the site.
    const plan: AvailabilityMode[] = ['ok', { status: 503 }, 'refuse', 'ok', 'hang']
    await site.setMode('ok')
    const run = new RunningDalel(
      ['probe', vault, site.url, '--every', '1', '--count', '5', '--timeout', '1'],
      env
    )
    // Each switch happens once the previous probe is printed (and so recorded).
    for (let i = 1; i < plan.length; i++) {
      await run.idCount(i)
      await site.setMode(plan[i] ?? 'ok')
    }
    const { code } = await run.exited
    expect(code, run.errLines.join('\n')).toBe(0)
    expect(run.ids).toHaveLength(5)
    for (const id of run.ids) expect(id).toMatch(ID_LINE)
    const recorded = await probes()
    expect(run.ids.map((id) => recorded.get(id)?.outcome)).toEqual([
      'ok',
      'http-error',
      'refused',
      'ok',
      'timeout'
    ])
    expect(recorded.get(run.ids[1] ?? '')?.status).toBe(503)
    // Rounds a second apart, from start to start, as the record shows them: the series waits
    // for the recorded startedAt as well as the monotonic clock (probeUrls' waitForNextRound;
    // a clean CI run once recorded 989 ms before it did).
    const starts = run.ids.map((id) => Date.parse(recorded.get(id)?.startedAt ?? ''))
    for (let i = 1; i < starts.length; i++)
      expect((starts[i] ?? 0) - (starts[i - 1] ?? 0)).toBeGreaterThanOrEqual(1000)
    const lines = run.errLines.filter((l) => /^(warning: )?\[/.test(l))
    expect(lines[0]).toMatch(
      /^\[1: 1\/1\] http:\/\/127\.0\.0\.1:\d+\/ — up \(HTTP 200\) \(\d+ ms\)$/
    )
    expect(lines[1]).toMatch(/^warning: \[2: 1\/1\] \S+ — the server answered HTTP 503/)
    expect(lines[2]).toMatch(/^warning: \[3: 1\/1\] \S+ — connection refused \(ECONNREFUSED\)/)
    expect(lines[3]).toMatch(/^\[4: 1\/1\] \S+ — up \(HTTP 200\)/)
    expect(lines[4]).toMatch(/^warning: \[5: 1\/1\] \S+ — no answer in time \(ETIMEDOUT\)/)
    expect(run.errLines.filter((l) => l.includes('the outcome changed'))).toEqual([
      `${site.url}: the outcome changed (was: up (HTTP 200))`,
      `${site.url}: the outcome changed (was: the server answered HTTP 503)`,
      `${site.url}: the outcome changed (was: connection refused)`,
      `${site.url}: the outcome changed (was: up (HTTP 200))`
    ])
    expect((await dalel(['verify', vault])).code).toBe(0)
  })

  it('records a reset connection, a name that cannot resolve, and says so in Russian', async () => {
    await site.setMode('reset')
    const r = await dalel(['probe', vault, site.url, 'http://something.invalid/', '--lang', 'ru'])
    expect(r.code, r.stderr).toBe(0)
    const ids = r.stdout.split('\n')
    const recorded = await probes()
    expect(ids.map((id) => recorded.get(id)?.outcome)).toEqual(['reset', 'dns-error'])
    expect(r.stderr).toContain('соединение сброшено')
    expect(r.stderr).toContain('имя не разрешается')
    await site.setMode('ok')
  })

  it('ends a series cleanly on Ctrl+C, after the round under way is recorded', async () => {
    const run = new RunningDalel(['probe', vault, site.url, site.url, '--every', '1'], env)
    await run.idCount(2)
    run.kill('SIGINT')
    const { code } = await run.exited
    expect(code).toBe(0)
    expect(run.errLines.join('\n')).toContain('Stopping after this round')
    // Whole rounds only: two URLs a round.
    expect(run.ids.length % 2).toBe(0)
    const recorded = await probes()
    for (const id of run.ids) expect(recorded.has(id)).toBe(true)
  })

  it('loses no acknowledged probe to a SIGKILL in the middle of a series', async () => {
    await site.setMode('ok')
    const run = new RunningDalel(['probe', vault, site.url, '--every', '1'], env)
    await run.idCount(3)
    run.kill('SIGKILL')
    const { signal } = await run.exited
    expect(signal).toBe('SIGKILL')
    const printed = [...run.ids]
    expect(printed.length).toBeGreaterThanOrEqual(3)
    const recorded = await probes()
    for (const id of printed) expect(recorded.has(id), id).toBe(true)
    const verified = await dalel(['verify', vault])
    expect(verified.code, verified.stderr).toBe(0)
  })

  it('refuses a bad address and a bad interval before unlocking', async () => {
    const bad = await dalel(['probe', vault, 'file:///etc/passwd'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('file:///etc/passwd')
    const interval = await dalel(['probe', vault, site.url, '--every', '0'])
    expect(interval.code).toBe(2)
    expect(interval.stderr).toContain('--every')
  })

  it.skipIf(TEST_CHROMIUM === null)(
    'captures the page when its outcome changes (--capture-on-change)',
    async () => {
      await site.setMode({ status: 503 })
      const down = await dalel(['probe', vault, site.url, '--capture-on-change', '--timeout', '5'])
      expect(down.code, down.stderr).toBe(0)
      // ok before (previous test) → 503 now: one probe, one capture.
      const [probeId, captureId] = down.stdout.split('\n')
      expect(captureId).toMatch(ID_LINE)
      expect(down.stderr).toMatch(/the page was captured as entry #\d+/)
      const shown = JSON.parse(
        (await dalel(['show', vault, captureId ?? '', '--json'])).stdout
      ) as {
        entry: { kind: string; payload: { outcome: string; status: number } }
      }
      expect(shown.entry).toMatchObject({
        kind: 'web-capture',
        payload: { outcome: 'http-error', status: 503 }
      })
      expect((await probes()).get(probeId ?? '')?.status).toBe(503)
      const same = await dalel(['probe', vault, site.url, '--capture-on-change'])
      expect(same.stdout.split('\n')).toHaveLength(1)
      await site.setMode('ok')
    }
  )
})
