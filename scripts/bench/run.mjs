// Dalel's speed and memory benchmark. Every target is a ratio against a limit of this machine
// measured in the same run (a raw fsync'd append, age, Argon2id alone, Ed25519 verification,
// the SQLite image's size) — never an absolute threshold in a unit test.
//
//   node scripts/build-cli.mjs && node --expose-gc scripts/bench/run.mjs [--quick] [--profile]
//
// --quick (or DALEL_BENCH_QUICK=1): 10 000 entries instead of 100 000, 100 MiB instead of 1 GiB.
// --profile (or DALEL_BENCH_PROFILE=1): also writes .cpuprofile files (appends, unlock, attach)
//   to bench-results/profiles/ from extra, untimed runs, and prints their top functions.
// --keep: leave the temporary directory (with the large vault) in place, for profiling by hand.
// --only=append,unlock,attach,export,backup,capture,probe: run only these sections (unlock needs
//   append's vault); export, backup and capture live in their own files (issueBenches.mjs).
// DALEL_BENCH_DIR: where the temporary vaults and files go (default: the OS temp dir).
//
// Prints progress on stderr, the table on stdout, and writes bench-results/bench.json.
import { randomBytes, randomFillSync, generateKeyPairSync, sign, verify } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  writeFileSync,
  statSync,
  openSync,
  writeSync,
  fsyncSync,
  closeSync,
  constants as fsConstants
} from 'node:fs'
import { mkdtemp, open, rm, stat } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import os from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { summariseProfile } from './profileSummary.mjs'
import { ISSUE_BENCHES } from './issueBenches.mjs'
import {
  bundleForBench,
  fileSystemOf,
  formatTable,
  log,
  mean,
  median,
  nowMs,
  percentile,
  timeProcess
} from './benchUtil.mjs'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const argv = process.argv.slice(2)
const QUICK = argv.includes('--quick') || process.env.DALEL_BENCH_QUICK === '1'
const PROFILE = argv.includes('--profile') || process.env.DALEL_BENCH_PROFILE === '1'
const KEEP = argv.includes('--keep')
const ONLY = new Set(
  (
    argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ??
    'append,unlock,attach,export,backup,capture'
  )
    .split(',')
    .filter(Boolean)
)
const MiB = 1024 * 1024

const config = {
  quick: QUICK,
  /** the small vault of measurement 1 */
  smallEntries: 1_000,
  /** the large vault of measurements 1, 3, 4, 5 */
  largeEntries: QUICK ? 10_000 : 100_000,
  timedAppends: 500,
  noteBytes: 1024,
  /** the vault compacts whenever this many records have been appended since the last time,
   * as Vault.close does (COMPACT_AFTER_RECORDS), so the large vault looks like one that was
   * opened and locked many times: a snapshot and a short journal */
  compactEvery: 2000,
  attachBytes: QUICK ? 100 * MiB : 1024 * MiB,
  attachTimedRuns: 3,
  unlockChildren: 3,
  ed25519Signatures: 20_000
}
const PASSPHRASE = 'bench: дәлел — доказательство 2026'
const RESULTS_DIR = join(ROOT, 'bench-results')
const PROFILE_DIR = join(RESULTS_DIR, 'profiles')
const CLI = join(ROOT, 'out', 'cli', 'dalel.js')
const AGE = '/usr/bin/age'
const AGE_KEYGEN = '/usr/bin/age-keygen'

const measurements = []
const details = {}
const errors = {}
const benchStart = nowMs()

function record(m) {
  const row = {
    id: m.id,
    name: m.name,
    unit: m.unit,
    value: m.value ?? null,
    baseline: m.baseline ?? null,
    baselineName: m.baselineName ?? null,
    baselineUnit: m.baselineUnit ?? m.unit,
    ratio: m.ratio ?? (m.value != null && m.baseline ? m.value / m.baseline : null),
    target: m.target ?? null,
    pass: m.pass ?? null,
    skipped: m.skipped ?? false,
    ...(m.error ? { error: m.error } : {}),
    ...(m.note ? { note: m.note } : {})
  }
  measurements.push(row)
  return row
}

function skip(id, name, unit, target, error) {
  record({ id, name, unit, target, skipped: true, error: String(error?.message ?? error) })
}

/** Other work on the machine skews every number: each section records the load around it. */
const sectionLog = []

async function section(name, fn) {
  log(
    `── ${name} (load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`
  )
  const start = nowMs()
  const loadBefore = os.loadavg()[0]
  try {
    await fn()
  } catch (error) {
    errors[name] = String(error?.stack ?? error)
    log(`!! ${name} failed: ${error?.stack ?? error}`)
  }
  const seconds = (nowMs() - start) / 1000
  sectionLog.push({
    name,
    seconds,
    loadAverage1mBefore: loadBefore,
    loadAverage1mAfter: os.loadavg()[0]
  })
  log(`── ${name}: ${seconds.toFixed(1)} s`)
}

// ── bundling ────────────────────────────────────────────────────────────────────────────────

function bundle() {
  return bundleForBench({
    name: 'benchLib.mjs',
    entry: 'scripts/bench/benchLib.ts',
    sourcemap: true
  })
}

// ── notes ───────────────────────────────────────────────────────────────────────────────────

const WORDS = (
  'обыск задержание полиция журналист редакция адвокат протокол свидетель изъятие ноутбук ' +
  'телефон допрос угроза блокировка сайт аккаунт следователь постановление суд статья ' +
  'тінту ұстау куәгер заңгер тергеуші редакция телефон сот бап қауіп бұғаттау ' +
  'search detention lawyer warrant officer camera laptop seized statement court hearing ' +
  'threat takedown DDoS Almaty Astana Shymkent newsroom editor source document evidence'
).split(' ')

/** A deterministic xorshift32, so every run records the same words. */
function rng(seed) {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    return x
  }
}
const nextWord = rng(0x5eed)
const word = () => WORDS[nextWord() % WORDS.length]

/** A note whose body is 1 KB of UTF-8 (Russian, Kazakh and English words), all different. */
function noteDraft(n) {
  let body = `Note ${n}. `
  for (;;) {
    const next = `${body}${word()} `
    if (Buffer.byteLength(next) > config.noteBytes) break
    body = next
  }
  while (Buffer.byteLength(body) < config.noteBytes) body += '.'
  return {
    kind: 'note',
    title: `${word()} ${word()} ${n}`,
    payload: { body }
  }
}

const clock = { now: () => new Date() }

// ── measurement 1: durable append ──────────────────────────────────────────────────────────

/**
 * Appends `count` notes, compacting every config.compactEvery records as a lock would.
 * Returns the time spent appending and compacting, and the mean append time per tenth.
 */
async function buildUp(state, target) {
  const start = nowMs()
  let appendMs = 0
  let compactMs = 0
  const compactions = []
  const blockSize = Math.max(1, Math.floor(target / 10))
  const curve = []
  let blockMs = 0
  let blockCount = 0
  let lastReport = nowMs()
  while (state.count < target) {
    const draft = noteDraft(state.count + 1)
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
async function timedAppends(state, workDir, label) {
  const rawPath = join(workDir, `raw-append-${label}.bin`)
  const reopenPath = join(workDir, `raw-reopen-${label}.bin`)
  const dsyncPath = join(workDir, `raw-dsync-${label}.bin`)
  const raw = await open(rawPath, 'a')
  // Dalel's journal writes through an O_DSYNC handle (one system call per durable write, not
  // write + fdatasync): the same primitive raw, for the note, beside the target's baseline.
  const dsync = await open(
    dsyncPath,
    fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_APPEND | (fsConstants.O_DSYNC ?? 0)
  )
  const payload = randomBytes(1024)
  const dalelMs = []
  const rawMs = []
  const reopenMs = []
  const dsyncMs = []
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

      const draft = noteDraft(state.count + 1)
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
  const summary = (list) => ({
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

function recordAppendRows(idPrefix, entriesLabel, result) {
  record({
    id: `${idPrefix}`,
    name: `durable append of a 1 KB note at ${entriesLabel} entries, p50`,
    unit: 'ms',
    value: result.dalel.p50,
    baseline: result.raw.p50,
    baselineName: 'raw fdatasync append p50',
    target: '≤ 2.00× raw p50',
    pass: result.dalel.p50 <= 2 * result.raw.p50,
    note: `raw append with open/close around it: p50 ${result.rawReopen.p50.toFixed(3)} ms, p99 ${result.rawReopen.p99.toFixed(3)} ms; raw O_DSYNC append (one write, as Dalel's journal does it): p50 ${result.rawDsync.p50.toFixed(3)} ms, p99 ${result.rawDsync.p99.toFixed(3)} ms, Dalel ${(result.dalel.p50 / result.rawDsync.p50).toFixed(2)}× of it; Dalel mean ${result.dalel.mean.toFixed(3)} ms vs raw mean ${result.raw.mean.toFixed(3)} ms`
  })
  record({
    id: `${idPrefix}`,
    name: `durable append of a 1 KB note at ${entriesLabel} entries, p99`,
    unit: 'ms',
    value: result.dalel.p99,
    baseline: result.raw.p99,
    baselineName: 'raw fdatasync append p99'
  })
}

async function profileAppends(state) {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 100 })
  await session.post('Profiler.start')
  const n = 300
  const t = nowMs()
  for (let i = 0; i < n; i++) {
    await state.vault.append(noteDraft(state.count + 1))
    state.count++
    state.sinceCompaction++
  }
  const ms = nowMs() - t
  const { profile } = await session.post('Profiler.stop')
  session.disconnect()
  mkdirSync(PROFILE_DIR, { recursive: true })
  const path = join(PROFILE_DIR, `append-at-${state.count - n}.cpuprofile`)
  writeFileSync(path, JSON.stringify(profile))
  details.appendProfile = { path, appends: n, meanMs: ms / n, top: summariseProfile(path, 20) }
}

async function measureAppends(lib, workDir, shared) {
  const dir = join(workDir, 'vault-large')
  log(`creating a vault with Argon2id MODERATE in ${dir}`)
  let t = nowMs()
  const { vault } = await lib.Vault.create(
    dir,
    { passphrase: PASSPHRASE, author: 'Bench Journalist' },
    { clock }
  )
  details.createVaultMs = nowMs() - t
  const state = { vault, count: 0, sinceCompaction: 0 }
  shared.largeVault = dir
  try {
    log(`building to ${config.smallEntries} entries`)
    const smallBuild = await buildUp(state, config.smallEntries)
    log(
      `timing ${config.timedAppends} appends at ${state.count} entries (interleaved with raw appends)`
    )
    const small = await timedAppends(state, workDir, 'small')
    details.appendSmall = { atEntries: config.smallEntries, ...small, build: smallBuild }
    recordAppendRows('1a', config.smallEntries.toLocaleString('en-US'), small)
    log(
      `  dalel p50 ${small.dalel.p50.toFixed(3)} ms p99 ${small.dalel.p99.toFixed(3)} ms; raw p50 ${small.raw.p50.toFixed(3)} ms p99 ${small.raw.p99.toFixed(3)} ms`
    )
  } catch (error) {
    skip(
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
    state.vault = await lib.Vault.open(dir, { passphrase: PASSPHRASE }, {}, { clock })
    const reopenMs = nowMs() - t
    state.sinceCompaction = 0
    details.buildLarge = {
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
    const totalBuildS = (details.appendSmall.build.totalMs + largeBuild.totalMs) / 1000
    record({
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
    const large = await timedAppends(state, workDir, 'large')
    details.appendLarge = { atEntries: config.largeEntries, ...large }
    recordAppendRows('1b', largeLabel, large)
    log(
      `  dalel p50 ${large.dalel.p50.toFixed(3)} ms p99 ${large.dalel.p99.toFixed(3)} ms; raw p50 ${large.raw.p50.toFixed(3)} ms p99 ${large.raw.p99.toFixed(3)} ms`
    )
    if (PROFILE) await profileAppends(state)
  } catch (error) {
    if (!measurements.some((m) => m.id === '1b'))
      skip(
        '1b',
        `durable append of a 1 KB note at ${largeLabel} entries`,
        'ms',
        '≤ 2.00× raw p50',
        error
      )
    throw error
  } finally {
    await state.vault.close()
    details.largeVaultEntries = state.count
    shared.largeVaultEntries = state.count
  }
}

// ── measurements 3, 4, 5: unlock, verify and memory of the large vault ─────────────────────

/** Ed25519 verifications per second, single-threaded, node:crypto (OpenSSL): best of 3. */
function ed25519Limit() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const n = config.ed25519Signatures
  const messages = []
  const signatures = []
  for (let i = 0; i < n; i++) {
    const message = randomBytes(32)
    messages.push(message)
    signatures.push(sign(null, message, privateKey))
  }
  const rates = []
  for (let round = 0; round < 3; round++) {
    const t = nowMs()
    for (let i = 0; i < n; i++) {
      if (!verify(null, messages[i], publicKey, signatures[i]))
        throw new Error('Ed25519 self-check failed')
    }
    rates.push(n / ((nowMs() - t) / 1000))
  }
  return { perSecond: Math.max(...rates), rounds: rates, signatures: n }
}

function snapshotImageBytes(dir) {
  const size = statSync(join(dir, 'snapshot.bin')).size
  // STREAM layout: a 48-byte header, then 64 KiB chunks each with a 16-byte tag.
  const body = size - 48
  const chunks = Math.max(1, Math.ceil(body / (64 * 1024 + 16)))
  return { fileBytes: size, imageBytes: body - 16 * chunks }
}

async function measureUnlock(libPath, shared, ed) {
  const dir = shared.largeVault
  const entries = shared.largeVaultEntries
  const label = config.largeEntries.toLocaleString('en-US')
  if (dir === undefined || !existsSync(join(dir, 'vault.json')))
    throw new Error('no large vault (measurement 1 failed)')
  const child = await bundleForBench({
    name: 'unlockChild.mjs',
    entry: 'scripts/bench/unlockChild.ts'
  })
  const env = { ...process.env, DALEL_PASSPHRASE: PASSPHRASE }
  const runs = []
  for (let i = 0; i < config.unlockChildren; i++) {
    log(`unlock child ${i + 1}/${config.unlockChildren}`)
    const { stdout } = await timeProcess(process.execPath, [child, libPath, dir, 'measure'], {
      env
    })
    const run = JSON.parse(stdout)
    const cold = JSON.parse(
      (await timeProcess(process.execPath, [child, libPath, dir, 'argon2'], { env })).stdout
    )
    run.argon2ColdProcessMs = cold.argon2Ms
    run.argon2ColdProcessPeakRssBytes = cold.memory.peakRssBytes
    runs.push(run)
    log(
      `  open ${run.openMs.toFixed(0)} ms, Argon2id ${run.argon2Ms.toFixed(0)} ms (in a fresh process ${cold.argon2Ms.toFixed(0)} ms), verify ${run.verify.ms.toFixed(0)} ms (${run.verify.ok ? 'ok' : 'NOT OK'}), peak RSS ${(run.memoryAfterOpen.peakRssBytes / MiB).toFixed(0)} MiB (Argon2id alone: ${(cold.memory.peakRssBytes / MiB).toFixed(0)} MiB)`
    )
  }
  let phases = null
  try {
    log('unlock phases (diagnostic child)')
    phases = JSON.parse(
      (await timeProcess(process.execPath, [child, libPath, dir, 'phases'], { env })).stdout
    )
  } catch (error) {
    errors['unlock phases'] = String(error?.stack ?? error)
  }
  if (PROFILE) {
    mkdirSync(PROFILE_DIR, { recursive: true })
    const name = 'unlock-child.cpuprofile'
    await timeProcess(
      process.execPath,
      [
        '--cpu-prof',
        `--cpu-prof-dir=${PROFILE_DIR}`,
        `--cpu-prof-name=${name}`,
        child,
        libPath,
        dir,
        'measure'
      ],
      { env }
    )
    details.unlockProfile = {
      path: join(PROFILE_DIR, name),
      top: summariseProfile(join(PROFILE_DIR, name), 20)
    }
  }
  const image = snapshotImageBytes(dir)
  details.unlock = { runs, phases, snapshot: image, vaultEntries: entries }

  const openMs = median(runs.map((r) => r.openMs))
  const argonMs = median(runs.map((r) => r.argon2Ms))
  const argonColdMs = median(runs.map((r) => r.argon2ColdProcessMs))
  record({
    id: '3',
    name: `unlock of the ${label}-entry vault (Vault.open, fresh child, median of ${runs.length})`,
    unit: 's',
    value: openMs / 1000,
    baseline: argonMs / 1000,
    baselineName: 'Argon2id MODERATE alone',
    target: '≤ Argon2id + 1.50 s',
    pass: openMs <= argonMs + 1500,
    note: `open − Argon2id = ${((openMs - argonMs) / 1000).toFixed(2)} s. Argon2id in the same child runs after open, on warm (TurboFan) wasm code; alone in a fresh process it takes ${(argonColdMs / 1000).toFixed(2)} s (open − that = ${((openMs - argonColdMs) / 1000).toFixed(2)} s; ${openMs <= argonColdMs + 1500 ? 'would pass' : 'would fail'} against it)`
  })

  const verifyMs = median(runs.map((r) => r.verify.ms))
  const verifyEntries = runs[0].verify.entries
  const rate = verifyEntries / (verifyMs / 1000)
  // The ceiling is measured inside each child right before and after its verify, on two
  // threads, under the same load (issue 12 item 17: ≥ 0.9× of it).
  const ceiling = median(runs.map((r) => r.ed25519TwoThreads.perSecond))
  const edLimit = median(runs.map((r) => r.ed25519PerSecond))
  const allOk = runs.every((r) => r.verify.ok)
  const cores = os.availableParallelism()
  const cpuRatio = median(
    runs.map((r) => r.ed25519TwoThreads.cpuUsPerVerify / r.verify.cpuUsPerEntry)
  )
  record({
    id: '4',
    name: `verify() of the ${label}-entry vault (median of ${runs.length})`,
    unit: '/s',
    value: rate,
    baseline: ceiling,
    baselineName: 'Ed25519 verifies/s on 2 threads, nothing else (same child)',
    target: '≥ 0.90× the two-core ceiling',
    pass: rate >= 0.9 * ceiling && allOk,
    note: `${verifyEntries} entries in ${(verifyMs / 1000).toFixed(2)} s; ${allOk ? 'every report ok' : 'A REPORT WAS NOT OK'}; ${cores} cores; one thread verifies ${Math.round(edLimit)} /s (twice that: ${Math.round(2 * edLimit)} /s, ${(rate / (2 * edLimit)).toFixed(2)}× of it — under load the scheduler shares the machine per process, so two threads get less than twice one); 50 000 /s would need ≥ ${Math.ceil(50_000 / edLimit)} cores at this Ed25519 rate (main-process Ed25519 measurement: ${Math.round(ed.perSecond)} /s)`
  })
  record({
    id: '4b',
    name: 'verify: CPU per signature alone ÷ CPU per entry verified (load-independent)',
    unit: '×',
    value: cpuRatio,
    note: `CPU time of every thread: ${median(runs.map((r) => r.verify.cpuUsPerEntry)).toFixed(1)} µs per entry verified (signature, commitment, chain, content checks) against ${median(runs.map((r) => r.ed25519TwoThreads.cpuUsPerVerify)).toFixed(1)} µs per bare Ed25519 verification: the share of two idle cores verify would reach`
  })

  const rss = median(runs.map((r) => r.memoryAfterOpen.peakRssBytes))
  const argonRss = median(runs.map((r) => r.argon2ColdProcessPeakRssBytes))
  const limit = 3 * image.imageBytes + 200 * MiB
  record({
    id: '5',
    name: `peak RSS after unlocking the ${label}-entry vault (median of ${runs.length})`,
    unit: 'bytes',
    value: rss,
    baseline: image.imageBytes,
    baselineName: 'SQLite image',
    target: `≤ 3× image + 200 MiB (${(limit / MiB).toFixed(0)} MiB)`,
    pass: rss <= limit,
    note: `the child's own peak (VmHWM; resourceUsage().maxRSS of a spawned child starts at its parent's RSS), Argon2id's worker thread included (it runs while the files are read). Argon2id MODERATE alone peaks at ${(argonRss / MiB).toFixed(0)} MiB in a fresh process. Resident right after the unlock, once Argon2id's worker has ended: ${(median(runs.map((r) => r.memoryAfterOpen.rssBytes)) / MiB).toFixed(0)} MiB`
  })
}

// ── measurement 2: attach a large file, against age ────────────────────────────────────────

async function makeRandomFile(path, bytes) {
  const fd = openSync(path, 'w', 0o600)
  try {
    const chunk = Buffer.alloc(16 * MiB)
    for (let written = 0; written < bytes;) {
      const n = Math.min(chunk.length, bytes - written)
      randomFillSync(chunk, 0, n)
      let off = 0
      while (off < n) off += writeSync(fd, chunk, off, n - off)
      written += n
    }
    // On disk before anything is timed, so its write-back does not land in a timed run.
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

async function measureAttach(lib, workDir) {
  const sizeLabel =
    config.attachBytes >= 1024 * MiB
      ? `${config.attachBytes / (1024 * MiB)} GiB`
      : `${config.attachBytes / MiB} MiB`
  const idName = (s) => `dalel attach of a ${sizeLabel} file ${s}`
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run node scripts/build-cli.mjs first`)
  const haveAge = existsSync(AGE) && existsSync(AGE_KEYGEN)
  if (!haveAge) log(`age is not installed at ${AGE} (apt package "age"): the age rows are skipped`)

  const input = join(workDir, 'attach-input.bin')
  log(`writing ${sizeLabel} of random bytes`)
  await makeRandomFile(input, config.attachBytes)
  const env = { ...process.env, DALEL_PASSPHRASE: PASSPHRASE }
  delete env.NODE_OPTIONS

  let recipient = null
  const ageOut = join(workDir, 'out.age')
  if (haveAge) {
    const key = join(workDir, 'age-key.txt')
    const kg = spawnSync(AGE_KEYGEN, ['-o', key], { encoding: 'utf8' })
    if (kg.status !== 0) throw new Error(`age-keygen failed: ${kg.stderr}`)
    recipient = spawnSync(AGE_KEYGEN, ['-y', key], { encoding: 'utf8' }).stdout.trim()
    details.ageVersion = spawnSync(AGE, ['--version'], { encoding: 'utf8' }).stdout.trim()
  }

  const runs = []
  for (let run = 0; run <= config.attachTimedRuns; run++) {
    const warm = run === 0
    log(`attach run ${run}/${config.attachTimedRuns}${warm ? ' (warm-up, not counted)' : ''}`)
    const r = {}
    // A fresh vault each time, so every run stores the blob (no de-duplication).
    const vaultDir = join(workDir, `attach-vault-${run}`)
    const { vault } = await lib.Vault.create(
      vaultDir,
      { passphrase: PASSPHRASE, author: 'Bench' },
      { clock }
    )
    await vault.close()
    spawnSync('sync')
    r.attachMs = (await timeProcess(process.execPath, [CLI, 'attach', vaultDir, input], { env })).ms
    r.listMs = (await timeProcess(process.execPath, [CLI, 'list', vaultDir], { env })).ms
    await rm(vaultDir, { recursive: true, force: true })
    spawnSync('sync')
    // The app's path: the vault is already unlocked when the journalist drops a file on it.
    // The same append (read, SHA-256, encrypt, write, fsync, the entry recorded), in this
    // process, on a vault opened beforehand.
    const appDir = join(workDir, `attach-app-vault-${run}`)
    const app = await lib.Vault.create(
      appDir,
      { passphrase: PASSPHRASE, author: 'Bench' },
      { clock }
    )
    spawnSync('sync')
    globalThis.gc?.()
    const tApp = nowMs()
    await app.vault.append({ kind: 'file', title: 'bench', payload: {} }, [{ path: input }])
    r.appMs = nowMs() - tApp
    await app.vault.close()
    await rm(appDir, { recursive: true, force: true })
    spawnSync('sync')
    if (haveAge) {
      r.ageMs = (await timeProcess(AGE, ['-r', recipient, '-o', ageOut, input])).ms
      // age leaves its output in the page cache; its fsync is timed on its own.
      r.syncMs = (await timeProcess('sync', ['-f', ageOut])).ms
      r.ageOutBytes = (await stat(ageOut)).size
      await rm(ageOut, { force: true })
      spawnSync('sync')
    }
    log(
      `  attach ${(r.attachMs / 1000).toFixed(2)} s, in the app (unlocked) ${(r.appMs / 1000).toFixed(2)} s, list ${(r.listMs / 1000).toFixed(2)} s${haveAge ? `, age ${(r.ageMs / 1000).toFixed(2)} s + sync ${(r.syncMs / 1000).toFixed(2)} s` : ''}`
    )
    if (!warm) runs.push(r)
  }
  if (PROFILE) {
    mkdirSync(PROFILE_DIR, { recursive: true })
    const vaultDir = join(workDir, 'attach-vault-profile')
    const { vault } = await lib.Vault.create(
      vaultDir,
      { passphrase: PASSPHRASE, author: 'Bench' },
      { clock }
    )
    await vault.close()
    const name = 'attach-cli.cpuprofile'
    await timeProcess(
      process.execPath,
      [
        '--cpu-prof',
        `--cpu-prof-dir=${PROFILE_DIR}`,
        `--cpu-prof-name=${name}`,
        CLI,
        'attach',
        vaultDir,
        input
      ],
      { env }
    )
    await rm(vaultDir, { recursive: true, force: true })
    details.attachProfile = {
      path: join(PROFILE_DIR, name),
      top: summariseProfile(join(PROFILE_DIR, name), 20)
    }
  }
  await rm(input, { force: true })

  const attach = median(runs.map((r) => r.attachMs)) / 1000
  const list = median(runs.map((r) => r.listMs)) / 1000
  const alone = median(runs.map((r) => r.attachMs - r.listMs)) / 1000
  const mbps = (s) => Math.round(config.attachBytes / MiB / s)
  details.attach = { bytes: config.attachBytes, runs, medians: { attach, list, alone } }
  if (!haveAge) {
    skip('2a', idName('(CLI end to end) vs age'), 's', '≤ 1.00× age', `age missing at ${AGE}`)
  } else {
    const age = median(runs.map((r) => r.ageMs)) / 1000
    const ageSync = median(runs.map((r) => r.ageMs + r.syncMs)) / 1000
    details.attach.medians.age = age
    details.attach.medians.ageSync = ageSync
    record({
      id: '2a',
      name: idName(`(CLI end to end, median of ${runs.length})`),
      unit: 's',
      value: attach,
      baseline: age,
      baselineName: `age -r (${mbps(age)} MiB/s)`,
      target: '≤ 1.00× age',
      pass: attach <= age,
      note: `dalel ${mbps(attach)} MiB/s end to end`
    })
    const appAttach = median(runs.map((r) => r.appMs)) / 1000
    details.attach.medians.app = appAttach
    record({
      id: '2e',
      name: `attach of the ${sizeLabel} file in the app (vault unlocked, durable; median of ${runs.length})`,
      unit: 's',
      value: appAttach,
      baseline: age,
      baselineName: 'age -r',
      target: '≤ 1.00× age',
      pass: appAttach <= age,
      note: `${mbps(appAttach)} MiB/s: read once, SHA-256 on a second thread while the main one encrypts, written and fsync'd (age's output is not fsync'd: with sync -f it takes ${ageSync.toFixed(2)} s)`
    })
    record({
      id: '2b',
      name: 'dalel list on that vault: the fixed unlock cost of the CLI',
      unit: 's',
      value: list
    })
    record({
      id: '2c',
      name: 'attach cost alone (attach − list)',
      unit: 's',
      value: alone,
      baseline: age,
      baselineName: 'age -r',
      note: `${mbps(alone)} MiB/s`
    })
    record({
      id: '2d',
      name: 'dalel attach (durable) vs age + sync -f out.age',
      unit: 's',
      value: attach,
      baseline: ageSync,
      baselineName: 'age + sync -f'
    })
  }
}

// ── main ────────────────────────────────────────────────────────────────────────────────────

function machineInfo(workDir) {
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
    loadAverageAtEnd: null,
    benchDir: workDir,
    fileSystem: fsInfo
  }
}

async function main() {
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
  const onSignal = (signal) => {
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

  const shared = {}
  let lib
  let libPath
  try {
    log('bundling scripts/bench/benchLib.ts with esbuild')
    libPath = await bundle()
    lib = await import(pathToFileURL(libPath).href)

    let ed = null
    await section('Ed25519 limit (node:crypto.verify, 1 thread)', () => {
      ed = ed25519Limit()
      details.ed25519 = ed
      log(`  ${Math.round(ed.perSecond).toLocaleString('en-US')} verifies/s`)
    })
    if (ONLY.has('append'))
      await section('1. durable append', () => measureAppends(lib, workDir, shared))
    if (ONLY.has('unlock'))
      await section('3–5. unlock, verify, memory (fresh child processes)', async () => {
        try {
          if (ed === null) throw new Error('no Ed25519 limit')
          await measureUnlock(libPath, shared, ed)
        } catch (error) {
          const label = config.largeEntries.toLocaleString('en-US')
          if (!measurements.some((m) => m.id === '3'))
            skip('3', `unlock of the ${label}-entry vault`, 's', '≤ Argon2id + 1.50 s', error)
          if (!measurements.some((m) => m.id === '4'))
            skip(
              '4',
              `verify() of the ${label}-entry vault`,
              '/s',
              '≥ 0.90× the two-core ceiling',
              error
            )
          if (!measurements.some((m) => m.id === '5'))
            skip(
              '5',
              `peak RSS after unlocking the ${label}-entry vault`,
              'bytes',
              '≤ 3× image + 200 MiB',
              error
            )
          throw error
        }
      })
    // The large vault is no longer needed; 1–3 GB of disk are about to be.
    if (shared.largeVault && !KEEP) await rm(shared.largeVault, { recursive: true, force: true })
    if (ONLY.has('attach'))
      await section('2. dalel attach vs age', async () => {
        try {
          await measureAttach(lib, workDir)
        } catch (error) {
          if (!measurements.some((m) => m.id === '2a'))
            skip('2a', 'dalel attach (CLI end to end) vs age', 's', '≤ 1.00× age', error)
          throw error
        }
      })
    for (const bench of ISSUE_BENCHES) {
      if (!ONLY.has(bench.only)) continue
      await section(bench.section, async () => {
        try {
          const context = { quick: QUICK, keep: KEEP, profile: PROFILE, profileDir: PROFILE_DIR }
          const result = await bench.run({ ...context, baseDir: workDir })
          for (const m of result.measurements) record(m)
          details[bench.only] = result.details
          Object.assign(details, result.profiles)
        } catch (error) {
          const { id, name, unit } = bench.skip
          if (!measurements.some((m) => m.id === id)) skip(id, name, unit, bench.target, error)
          throw error
        }
      })
    }
  } catch (error) {
    errors.setup = String(error?.stack ?? error)
    log(`!! setup failed: ${error?.stack ?? error}`)
  } finally {
    if (KEEP) log(`kept ${workDir}`)
    else cleanup()
  }

  const order = ['1a', '1b', '1c', '2a', '2e', '2b', '2c', '2d', '3', '4', '4b', '5']
  order.push(...ISSUE_BENCHES.flatMap((bench) => bench.ids))
  measurements.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id))
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
    errors,
    sections: sectionLog,
    details
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
  for (const m of measurements) if (m.note) out.push(`  ${m.id}: ${m.note}`)
  if (Object.keys(errors).length > 0) {
    out.push('')
    out.push('Errors:')
    for (const [name, text] of Object.entries(errors)) out.push(`  ${name}: ${text.split('\n')[0]}`)
  }
  for (const key of ['appendProfile', 'unlockProfile', 'attachProfile', 'exportProfile']) {
    const p = details[key]
    if (!p) continue
    out.push('')
    out.push(`${key}: ${p.path} (top self time of ${p.top.totalMs} ms sampled)`)
    out.push('  self time:')
    for (const r of p.top.rows.slice(0, 10))
      out.push(
        `  ${String(r.selfMs).padStart(8)} ms ${String(r.share).padStart(5)}%  ${r.name}  ${r.where}`
      )
    out.push('  inclusive time (named JavaScript functions):')
    for (const r of p.top.inclusive.slice(0, 16))
      out.push(
        `  ${String(r.totalMs).padStart(8)} ms ${String(r.share).padStart(5)}%  ${r.name}  ${r.where}`
      )
  }
  out.push('')
  out.push(
    `sections: ${sectionLog.map((x) => `${x.name.split(' ')[0]} ${x.seconds.toFixed(0)} s`).join(', ')}`
  )
  out.push(
    `total ${totalSeconds.toFixed(1)} s; ${result.allTargetsPass ? 'all targets pass' : 'NOT all targets pass'}; ${jsonPath}`
  )
  process.stdout.write(`${out.join('\n')}\n`)
  process.exitCode = result.allTargetsPass ? 0 : 1
}

await main()
