// Dalel's speed and memory benchmark. Every target is a ratio against a limit of this machine
// measured in the same run (a raw fsync'd append, age, Argon2id alone, Ed25519 verification,
// the SQLite image's size) — never an absolute threshold in a unit test.
//
//   npm run bench -- [--quick] [--profile] [--keep] [--only=…] [--runs=N] [--browser=PATH]
//                    [--large-vault=DIR]
//
// (see benchConfig.ts). `npm run bench` builds the app and the CLI, bundles this file with
// esbuild into node_modules/.cache/dalel-bench/run.mjs (Dalel's code inside it, dependencies
// from node_modules, as the CLI is built) and runs that. Prints progress on stderr, the
// table on stdout, and writes bench-results/bench.json.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import { join, resolve } from 'node:path'
import { measureAppends } from './appendBench'
import type { LargeVault } from './appendBench'
import { measureAttach } from './attachBench'
import { BROWSER, KEEP, LARGE_VAULT, ONLY, PROFILE, QUICK, RUNS, config } from './benchConfig'
import { BenchRecorder } from './benchRecorder'
import type { BenchContext, ProfileDetail } from './benchTypes'
import {
  RESULTS_DIR,
  bundleForBench,
  describeError,
  fileSystemOf,
  formatTable,
  log,
  nowMs
} from './benchUtil'
import { ISSUE_BENCHES } from './issueBenches'
import { profileLines } from './profileSummary'
import { runUiBench } from './uiBench'
import { ed25519Limit, measureUnlock } from './unlockBench'

const PROFILE_DIR = join(RESULTS_DIR, 'profiles')
const benchStart = nowMs()
const rec = new BenchRecorder()

function machineInfo(workDir: string) {
  const cpus = os.cpus()
  const fsInfo = fileSystemOf(workDir)
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuMHz: cpus[0]?.speed ?? null,
    cores: cpus.length,
    availableParallelism: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    freeMemoryBytes: os.freemem(),
    node: process.version,
    v8: process.versions.v8,
    openssl: process.versions.openssl,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    loadAverageAtStart: os.loadavg(),
    loadAverageAtEnd: [] as number[],
    benchDir: workDir,
    fileSystem: fsInfo
  }
}

async function main(): Promise<void> {
  const base = resolve(process.env.DALEL_BENCH_DIR ?? os.tmpdir())
  mkdirSync(base, { recursive: true })
  const workDir = await mkdtemp(join(base, 'dalel-bench-'))
  const cleanup = () => {
    try {
      spawnSync('rm', ['-rf', workDir])
    } catch {
      // best effort on the way out
    }
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    log(`${signal}: removing ${workDir}`)
    cleanup()
    process.exit(130)
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)

  const machine = machineInfo(workDir)
  log(
    `${QUICK ? 'QUICK' : 'FULL'} run in ${workDir} on ${machine.cpuModel}, ${machine.cores} cores, ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB, node ${machine.node}`
  )
  if (typeof globalThis.gc !== 'function')
    log('note: run with --expose-gc to collect garbage before timed batches')

  const large: LargeVault = {}
  // A kept vault stands in for the one append would build (and is never removed below).
  const keptLarge = LARGE_VAULT !== undefined && !ONLY.has('append') ? resolve(LARGE_VAULT) : null
  if (keptLarge !== null) large.dir = keptLarge
  try {
    log('bundling scripts/bench/benchLib.ts with esbuild')
    const libPath = await bundleForBench({
      entry: 'scripts/bench/benchLib.ts',
      sourcemap: true
    })

    const context: BenchContext = {
      quick: QUICK,
      keep: KEEP,
      profile: PROFILE,
      profileDir: PROFILE_DIR,
      baseDir: workDir,
      ...(RUNS !== undefined ? { runs: RUNS } : {}),
      ...(BROWSER !== undefined ? { browser: BROWSER } : {})
    }
    let ed: { perSecond: number } | null = null
    // Only the verify measurement is compared with it.
    if (ONLY.has('unlock'))
      await rec.section('Ed25519 limit (node:crypto.verify, 1 thread)', () => {
        const limit = ed25519Limit()
        ed = limit
        rec.details.ed25519 = limit
        log(`  ${Math.round(limit.perSecond).toLocaleString('en-US')} verifies/s`)
      })
    if (ONLY.has('append'))
      await rec.section('1. durable append', () => measureAppends(rec, workDir, large, PROFILE_DIR))
    if (ONLY.has('unlock'))
      await rec.section('3–5. unlock, verify, memory (fresh child processes)', async () => {
        try {
          if (ed === null) throw new Error('no Ed25519 limit')
          await measureUnlock(rec, libPath, large, ed, PROFILE_DIR)
        } catch (error) {
          const label = config.largeEntries.toLocaleString('en-US')
          if (!rec.has('3'))
            rec.skip('3', `unlock of the ${label}-entry vault`, 's', '≤ Argon2id + 1.50 s', error)
          if (!rec.has('4'))
            rec.skip(
              '4',
              `verify() of the ${label}-entry vault`,
              '/s',
              '≥ 0.90× the two-core ceiling',
              error
            )
          if (!rec.has('5'))
            rec.skip(
              '5',
              `peak RSS after unlocking the ${label}-entry vault`,
              'bytes',
              '≤ 3× image + 200 MiB',
              error
            )
          throw error
        }
      })
    if (ONLY.has('ui'))
      await rec.section('U. the app on a large vault, in Chromium (issue 11)', async () => {
        try {
          const result = await runUiBench(context, large)
          for (const m of result.measurements) rec.record(m)
          rec.details.ui = result.details
        } catch (error) {
          if (!rec.has('U1'))
            rec.skip('U1', "the timeline's first paint after the unlock", 'ms', '≤ 300 ms', error)
          throw error
        }
      })
    // The large vault is no longer needed; 1–3 GB of disk are about to be.
    if (large.dir !== undefined && large.dir !== keptLarge && !KEEP)
      await rm(large.dir, { recursive: true, force: true })
    if (ONLY.has('attach'))
      await rec.section('2. dalel attach vs age', async () => {
        try {
          await measureAttach(rec, workDir, PROFILE_DIR)
        } catch (error) {
          if (!rec.has('2a'))
            rec.skip('2a', 'dalel attach (CLI end to end) vs age', 's', '≤ 1.00× age', error)
          throw error
        }
      })
    for (const bench of ISSUE_BENCHES) {
      if (!ONLY.has(bench.only)) continue
      await rec.section(bench.section, async () => {
        try {
          const result = await bench.run(context)
          for (const m of result.measurements) rec.record(m)
          rec.details[bench.only] = result.details
          Object.assign(rec.details, result.profiles ?? {})
        } catch (error) {
          const { id, name, unit } = bench.skip
          if (!rec.has(id)) rec.skip(id, name, unit, bench.target, error)
          throw error
        }
      })
    }
  } catch (error) {
    rec.errors.setup = describeError(error)
    log(`!! setup failed: ${describeError(error)}`)
  } finally {
    if (KEEP) log(`kept ${workDir}`)
    else cleanup()
  }

  const order = [
    '1a',
    '1b',
    '1c',
    '2a',
    '2e',
    '2b',
    '2c',
    '2d',
    '3',
    '4',
    '4b',
    '5',
    'U1',
    'U2',
    'U3'
  ]
  order.push(...ISSUE_BENCHES.flatMap((bench) => bench.ids))
  const measurements = rec.measurements.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id))
  const totalSeconds = (nowMs() - benchStart) / 1000
  machine.loadAverageAtEnd = os.loadavg()
  const result = {
    format: 'dalel-bench',
    version: 1,
    machine,
    config,
    totalSeconds,
    measurements,
    allTargetsPass: measurements
      .filter((m) => m.pass !== null || m.skipped)
      .every((m) => m.pass === true),
    errors: rec.errors,
    sections: rec.sections,
    details: rec.details
  }
  mkdirSync(RESULTS_DIR, { recursive: true })
  const jsonPath = join(RESULTS_DIR, 'bench.json')
  writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`)

  const out = []
  out.push(`Dalel benchmark (${QUICK ? 'quick' : 'full'}) — ${machine.date}`)
  out.push(
    `${machine.cpuModel}, ${machine.cores} cores, ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB RAM, node ${machine.node}, ${machine.fileSystem.type} on ${machine.fileSystem.device}`
  )
  out.push(
    `load average (1/5/15 min) at start ${machine.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')}, at end ${machine.loadAverageAtEnd.map((l) => l.toFixed(2)).join(' ')}: other work on the machine skews every number`
  )
  out.push('')
  out.push(formatTable(measurements))
  out.push('')
  for (const m of measurements) if (m.note !== undefined) out.push(`  ${m.id}: ${m.note}`)
  if (Object.keys(rec.errors).length > 0) {
    out.push('')
    out.push('Errors:')
    for (const [name, text] of Object.entries(rec.errors))
      out.push(`  ${name}: ${text.split('\n')[0] ?? ''}`)
  }
  for (const key of ['appendProfile', 'unlockProfile', 'attachProfile', 'exportProfile']) {
    const p = rec.details[key] as ProfileDetail | undefined
    if (p === undefined) continue
    out.push('', ...profileLines(key, p))
  }
  out.push('')
  out.push(
    `sections: ${rec.sections.map((x) => `${x.name.split(' ')[0]} ${x.seconds.toFixed(0)} s`).join(', ')}`
  )
  out.push(
    `total ${totalSeconds.toFixed(1)} s; ${result.allTargetsPass ? 'all targets pass' : 'NOT all targets pass'}; ${jsonPath}`
  )
  process.stdout.write(`${out.join('\n')}\n`)
  process.exitCode = result.allTargetsPass ? 0 : 1
}

await main()
