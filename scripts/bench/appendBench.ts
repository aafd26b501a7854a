// Measurement 1 of the benchmark: a durable append of a 1 KB note, at 1 000 and at 100 000
// entries, each against a raw fdatasync'd 1 KB append to a plain file on the same disk,
// interleaved; and the large vault the unlock and verify measurements then open.
import { randomBytes } from 'node:crypto'
import { constants as fsConstants, mkdirSync, writeFileSync } from 'node:fs'
import { open, rm } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import { join } from 'node:path'
import { Vault } from '../../src-main/node/vault/Vault'
import { PASSPHRASE, PROFILE, clock, config } from './benchConfig'
import { noteDraft } from './benchNotes'
import type { BenchRecorder } from './benchRecorder'
import { log, mean, nowMs, percentile } from './benchUtil'
import { summariseProfile } from './profileSummary'

/** The vault being built, and how far. */
interface BuildState {
  vault: Vault
  count: number
  sinceCompaction: number
}

/** Where the large vault is, for the unlock measurements. */
export interface LargeVault {
  dir?: string
  entries?: number
}

interface Summary {
  p50: number
  p90: number
  p99: number
  mean: number
  max: number
}

interface TimedAppends {
  dalel: Summary
  raw: Summary
  rawReopen: Summary
  rawDsync: Summary
}

const note = (n: number): ReturnType<typeof noteDraft> => noteDraft(n, config.noteBytes)

/**
 * Appends `count` notes, compacting every config.compactEvery records as a lock would.
 * Returns the time spent appending and compacting, and the mean append time per tenth.
 */
async function buildUp(
  state: BuildState,
  target: number
): Promise<{
  totalMs: number
  appendMs: number
  compactMs: number
  compactions: { atEntries: number; ms: number }[]
  curve: { atEntries: number; meanAppendMs: number }[]
}> {
  const start = nowMs()
  let appendMs = 0
  let compactMs = 0
  const compactions: { atEntries: number; ms: number }[] = []
  const blockSize = Math.max(1, Math.floor(target / 10))
  const curve: { atEntries: number; meanAppendMs: number }[] = []
  let blockMs = 0
  let blockCount = 0
  let lastReport = nowMs()
  while (state.count < target) {
    const draft = note(state.count + 1)
    const t = nowMs()
    await state.vault.append(draft)
    const ms = nowMs() - t
    appendMs += ms
    blockMs += ms
    blockCount++
    state.count++
    state.sinceCompaction++
    if (state.count % blockSize === 0) {
      curve.push({ atEntries: state.count, meanAppendMs: blockMs / blockCount })
      blockMs = 0
      blockCount = 0
    }
    if (state.sinceCompaction >= config.compactEvery) {
      const c = nowMs()
      await state.vault.compact()
      const cms = nowMs() - c
      compactMs += cms
      compactions.push({ atEntries: state.count, ms: Math.round(cms) })
      state.sinceCompaction = 0
    }
    if (nowMs() - lastReport > 10_000) {
      lastReport = nowMs()
      const elapsed = (nowMs() - start) / 1000
      log(
        `  ${state.count.toLocaleString('en-US')} / ${target.toLocaleString('en-US')} entries, ${elapsed.toFixed(0)} s (append ${(appendMs / 1000).toFixed(0)} s, compaction ${(compactMs / 1000).toFixed(0)} s)`
      )
    }
  }
  return { totalMs: nowMs() - start, appendMs, compactMs, compactions, curve }
}

/**
 * config.timedAppends durable appends of a 1 KB note, each interleaved with the machine's
 * own limit: a raw 1 KB append to a plain file on the same disk, fdatasync'd (the handle kept
 * open, as the journal keeps its own), and the same with an open and close around it.
 */
async function timedAppends(
  state: BuildState,
  workDir: string,
  label: string
): Promise<TimedAppends> {
  const rawPath = join(workDir, `raw-append-${label}.bin`)
  const reopenPath = join(workDir, `raw-reopen-${label}.bin`)
  const dsyncPath = join(workDir, `raw-dsync-${label}.bin`)
  const raw = await open(rawPath, 'a')
  // Dalel's journal writes through an O_DSYNC handle (one system call per durable write, not
  // write + fdatasync): the same primitive raw, for the note, beside the target's baseline.
  const dsync = await open(
    dsyncPath,
    fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_APPEND | fsConstants.O_DSYNC
  )
  const payload = randomBytes(1024)
  const dalelMs: number[] = []
  const rawMs: number[] = []
  const reopenMs: number[] = []
  const dsyncMs: number[] = []
  globalThis.gc?.()
  try {
    for (let i = 0; i < config.timedAppends; i++) {
      let t = nowMs()
      await raw.write(payload)
      await raw.datasync()
      rawMs.push(nowMs() - t)

      t = nowMs()
      const h = await open(reopenPath, 'a')
      await h.write(payload)
      await h.datasync()
      await h.close()
      reopenMs.push(nowMs() - t)

      t = nowMs()
      await dsync.write(payload)
      dsyncMs.push(nowMs() - t)

      const draft = note(state.count + 1)
      t = nowMs()
      await state.vault.append(draft)
      dalelMs.push(nowMs() - t)
      state.count++
      state.sinceCompaction++
    }
  } finally {
    await raw.close()
    await dsync.close()
    await rm(rawPath, { force: true })
    await rm(reopenPath, { force: true })
    await rm(dsyncPath, { force: true })
  }
  const summary = (list: number[]): Summary => ({
    p50: percentile(list, 0.5),
    p90: percentile(list, 0.9),
    p99: percentile(list, 0.99),
    mean: mean(list),
    max: Math.max(...list)
  })
  return {
    dalel: summary(dalelMs),
    raw: summary(rawMs),
    rawReopen: summary(reopenMs),
    rawDsync: summary(dsyncMs)
  }
}

function recordAppendRows(
  rec: BenchRecorder,
  idPrefix: string,
  entriesLabel: string,
  result: TimedAppends
): void {
  rec.record({
    id: idPrefix,
    name: `durable append of a 1 KB note at ${entriesLabel} entries, p50`,
    unit: 'ms',
    value: result.dalel.p50,
    baseline: result.raw.p50,
    baselineName: 'raw fdatasync append p50',
    target: '≤ 2.00× raw p50',
    pass: result.dalel.p50 <= 2 * result.raw.p50,
    note: `raw append with open/close around it: p50 ${result.rawReopen.p50.toFixed(3)} ms, p99 ${result.rawReopen.p99.toFixed(3)} ms; raw O_DSYNC append (one write, as Dalel's journal does it): p50 ${result.rawDsync.p50.toFixed(3)} ms, p99 ${result.rawDsync.p99.toFixed(3)} ms, Dalel ${(result.dalel.p50 / result.rawDsync.p50).toFixed(2)}× of it; Dalel mean ${result.dalel.mean.toFixed(3)} ms vs raw mean ${result.raw.mean.toFixed(3)} ms`
  })
  rec.record({
    id: idPrefix,
    name: `durable append of a 1 KB note at ${entriesLabel} entries, p99`,
    unit: 'ms',
    value: result.dalel.p99,
    baseline: result.raw.p99,
    baselineName: 'raw fdatasync append p99'
  })
}

async function profileAppends(
  rec: BenchRecorder,
  state: BuildState,
  profileDir: string
): Promise<void> {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 100 })
  await session.post('Profiler.start')
  const n = 300
  const t = nowMs()
  for (let i = 0; i < n; i++) {
    await state.vault.append(note(state.count + 1))
    state.count++
    state.sinceCompaction++
  }
  const ms = nowMs() - t
  const { profile } = await session.post('Profiler.stop')
  session.disconnect()
  mkdirSync(profileDir, { recursive: true })
  const path = join(profileDir, `append-at-${state.count - n}.cpuprofile`)
  writeFileSync(path, JSON.stringify(profile))
  rec.details.appendProfile = {
    path,
    appends: n,
    meanMs: ms / n,
    top: summariseProfile(path, 20)
  }
}

/**
 * Builds the large vault through the Vault API and times appends on the way (rows 1a, 1b,
 * 1c); `large` learns where the vault is.
 */
export async function measureAppends(
  rec: BenchRecorder,
  workDir: string,
  large: LargeVault,
  profileDir: string
): Promise<void> {
  const dir = join(workDir, 'vault-large')
  let smallBuildMs = 0
  log(`creating a vault with Argon2id MODERATE in ${dir}`)
  let t = nowMs()
  const { vault } = await Vault.create(
    dir,
    { passphrase: PASSPHRASE, author: 'Bench Journalist' },
    { clock }
  )
  rec.details.createVaultMs = nowMs() - t
  const state: BuildState = { vault, count: 0, sinceCompaction: 0 }
  large.dir = dir
  try {
    log(`building to ${config.smallEntries} entries`)
    const smallBuild = await buildUp(state, config.smallEntries)
    log(
      `timing ${config.timedAppends} appends at ${state.count} entries (interleaved with raw appends)`
    )
    const small = await timedAppends(state, workDir, 'small')
    rec.details.appendSmall = { atEntries: config.smallEntries, ...small, build: smallBuild }
    smallBuildMs = smallBuild.totalMs
    recordAppendRows(rec, '1a', config.smallEntries.toLocaleString('en-US'), small)
    log(
      `  dalel p50 ${small.dalel.p50.toFixed(3)} ms p99 ${small.dalel.p99.toFixed(3)} ms; raw p50 ${small.raw.p50.toFixed(3)} ms p99 ${small.raw.p99.toFixed(3)} ms`
    )
  } catch (error) {
    rec.skip(
      '1a',
      `durable append of a 1 KB note at ${config.smallEntries} entries`,
      'ms',
      '≤ 2.00× raw p50',
      error
    )
    throw error
  }

  const largeLabel = config.largeEntries.toLocaleString('en-US')
  try {
    log(`building to ${largeLabel} entries (every append fsyncs)`)
    const largeBuild = await buildUp(state, config.largeEntries)
    // Closing compacts a long journal; reopening is what a journalist does the next morning.
    t = nowMs()
    await state.vault.close()
    const closeMs = nowMs() - t
    t = nowMs()
    state.vault = await Vault.open(dir, { passphrase: PASSPHRASE }, {}, { clock })
    const reopenMs = nowMs() - t
    state.sinceCompaction = 0
    rec.details.buildLarge = {
      fromEntries: config.smallEntries + config.timedAppends,
      toEntries: config.largeEntries,
      appends: config.largeEntries - config.smallEntries - config.timedAppends,
      seconds: largeBuild.totalMs / 1000,
      appendSeconds: largeBuild.appendMs / 1000,
      compactionSeconds: largeBuild.compactMs / 1000,
      compactions: largeBuild.compactions,
      meanAppendMsPerTenth: largeBuild.curve,
      closeMs,
      reopenInProcessMs: reopenMs
    }
    const totalBuildS = (smallBuildMs + largeBuild.totalMs) / 1000
    rec.record({
      id: '1c',
      name: `building the ${largeLabel}-entry vault (real appends, each fsync'd; compaction every ${config.compactEvery})`,
      unit: 's',
      value: totalBuildS,
      target: 'report if > ~240 s',
      note: `appending ${(largeBuild.appendMs / 1000).toFixed(1)} s + compacting ${(largeBuild.compactMs / 1000).toFixed(1)} s (${largeBuild.compactions.length} compactions)`
    })
    log(
      `  built in ${totalBuildS.toFixed(1)} s; closing ${closeMs.toFixed(0)} ms; reopening ${reopenMs.toFixed(0)} ms`
    )

    log(
      `timing ${config.timedAppends} appends at ${state.count} entries (interleaved with raw appends)`
    )
    const timed = await timedAppends(state, workDir, 'large')
    rec.details.appendLarge = { atEntries: config.largeEntries, ...timed }
    recordAppendRows(rec, '1b', largeLabel, timed)
    log(
      `  dalel p50 ${timed.dalel.p50.toFixed(3)} ms p99 ${timed.dalel.p99.toFixed(3)} ms; raw p50 ${timed.raw.p50.toFixed(3)} ms p99 ${timed.raw.p99.toFixed(3)} ms`
    )
    if (PROFILE) await profileAppends(rec, state, profileDir)
  } catch (error) {
    if (!rec.has('1b'))
      rec.skip(
        '1b',
        `durable append of a 1 KB note at ${largeLabel} entries`,
        'ms',
        '≤ 2.00× raw p50',
        error
      )
    throw error
  } finally {
    await state.vault.close()
    rec.details.largeVaultEntries = state.count
    large.entries = state.count
  }
}
