// Evidence-bundle export benchmark (issue 5): exporting a bundle with 1 GiB of attachments,
// in MiB/s, against the machine's own limit measured in the same run — reading the same
// plaintext bytes, hashing them with node:crypto's SHA-256 and writing them to one file,
// fsynced. Target: the export reaches at least 50 % of that rate (median of the runs).
//
//   node scripts/bench/exportBench.mjs [--quick] [--keep] [--profile]
//
// The vault holds 4 attachments of random bytes (256 MiB each; 32 MiB with --quick) in four
// `file` entries, made with the TEST Argon2id limits (the KDF plays no part in an export).
// The export is VaultService.exportBundle with no browser: README, manifest, chain, entries,
// SHA256SUMS and its signature, verify.html and report.html — but no report.pdf, which needs
// Chromium and is not the bulk path this measures. Random bytes sniff as
// application/octet-stream, so attachments are STORED, as evidence video and photos are.
//
// run.mjs calls runExportBench (--only=export); alone, this prints its own table and writes
// bench-results/export.json. Exits 1 when the target is missed.
import { mkdirSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  MiB,
  bundleVaultLib,
  makeRandomFile,
  profiled,
  rawHashAndCopy,
  spread,
  syncDisks
} from './benchFs.mjs'
import { formatTable, log, nowMs } from './benchUtil.mjs'
import { summariseProfile } from './profileSummary.mjs'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const TARGET = 0.5
const PASSPHRASE = 'bench: экспорт — экспорттау 2026'
const clock = { now: () => new Date() }

function mibPerSecond(bytes, ms) {
  return bytes / MiB / (ms / 1000)
}

const round1 = (x) => Math.round(x * 10) / 10

/**
 * @param {{ quick?: boolean, keep?: boolean, profile?: boolean, baseDir?: string,
 *   profileDir?: string }} options
 * @returns {Promise<{ measurements: object[], details: object }>}
 */
export async function runExportBench(options = {}) {
  const quick = options.quick ?? false
  const files = 4
  const fileBytes = (quick ? 32 : 256) * MiB
  const totalBytes = files * fileBytes
  const runs = quick ? 2 : 3
  const label = quick ? `${totalBytes / MiB} MiB` : `${totalBytes / 1024 / MiB} GiB`
  const baseDir = resolve(options.baseDir ?? os.tmpdir())
  const profileDir = options.profileDir ?? join(ROOT, 'bench-results', 'profiles')

  const lib = await bundleVaultLib()
  const dir = await mkdtemp(join(baseDir, 'dalel-bench-export-'))
  const details = { files, fileBytes, totalBytes, runs: [] }
  const service = new lib.VaultService({ clock })
  try {
    log(`export: writing ${files} × ${fileBytes / MiB} MiB of random bytes in ${dir}`)
    const sources = []
    for (let i = 0; i < files; i++) {
      const path = join(dir, `evidence-${i + 1}.bin`)
      makeRandomFile(path, fileBytes)
      sources.push(path)
    }
    const vaultDir = join(dir, 'vault')
    await service.createVault(vaultDir, {
      passphrase: PASSPHRASE,
      author: 'Bench Journalist',
      kdfLimits: lib.TEST_KDF
    })
    let t = nowMs()
    for (const [i, path] of sources.entries())
      await service.addAttachment({ files: [{ path }], title: `Evidence ${i + 1}` })
    details.attachMs = nowMs() - t
    const seqs = service.list({ kinds: ['file'] }).map((v) => v.seq)
    syncDisks()

    const exportOnce = async (name) => {
      const out = join(dir, name)
      const start = nowMs()
      const { bundle } = await service.exportBundle({
        out,
        entries: seqs,
        recipient: 'Bench lawyer',
        purpose: 'benchmark',
        browser: null
      })
      const ms = nowMs() - start
      return { ms, out, zipBytes: bundle.bytes }
    }
    const rawOnce = () => {
      const out = join(dir, 'raw-copy.bin')
      const start = nowMs()
      const { bytes } = rawHashAndCopy(sources, out)
      const ms = nowMs() - start
      if (bytes !== totalBytes) throw new Error(`raw copy: ${bytes} bytes, not ${totalBytes}`)
      return { ms, out }
    }

    log(`export: warm-up (not counted), then ${runs} runs each, alternating`)
    for (let run = 0; run <= runs; run++) {
      const order = run % 2 === 0 ? ['export', 'raw'] : ['raw', 'export']
      const r = {}
      for (const which of order) {
        globalThis.gc?.()
        if (which === 'export') {
          const e = await exportOnce(`bundle-${run}.zip`)
          r.exportMs = e.ms
          r.zipBytes = e.zipBytes
          if (run === 1) {
            // Once, untimed: the bundle the rate is claimed for is a valid one.
            const report = await lib.verifyBundle(e.out)
            details.verified = { ok: report.ok, entries: report.entries, files: report.files }
            if (!report.ok) throw new Error('the exported bundle does not verify')
          }
          await rm(e.out, { force: true })
        } else {
          const c = rawOnce()
          r.rawMs = c.ms
          await rm(c.out, { force: true })
        }
        syncDisks()
      }
      r.exportMiBs = mibPerSecond(totalBytes, r.exportMs)
      r.rawMiBs = mibPerSecond(totalBytes, r.rawMs)
      r.ratio = r.exportMiBs / r.rawMiBs
      log(
        `  ${run === 0 ? 'warm-up' : `run ${run}`}: export ${(r.exportMs / 1000).toFixed(2)} s (${r.exportMiBs.toFixed(0)} MiB/s), raw SHA-256 + copy ${(r.rawMs / 1000).toFixed(2)} s (${r.rawMiBs.toFixed(0)} MiB/s), ratio ${r.ratio.toFixed(2)}`
      )
      if (run > 0) details.runs.push(r)
    }

    const exportRate = spread(details.runs.map((r) => r.exportMiBs))
    const rawRate = spread(details.runs.map((r) => r.rawMiBs))
    const ratios = spread(details.runs.map((r) => r.ratio))
    const ratio = exportRate.median / rawRate.median
    const pass = ratio >= TARGET

    if (options.profile === true || !pass) {
      log('export: one more export under the CPU profiler (untimed)')
      const { result, profile } = await profiled(() => exportOnce('bundle-profile.zip'))
      await rm(result.out, { force: true })
      mkdirSync(profileDir, { recursive: true })
      const path = join(profileDir, 'export.cpuprofile')
      writeFileSync(path, JSON.stringify(profile))
      details.exportProfile = { path, ms: result.ms, top: summariseProfile(path, 20) }
    }

    const zipBytes = details.runs[0]?.zipBytes ?? 0
    details.zipBytes = zipBytes
    const measurements = [
      {
        id: 'E1',
        name: `export of a bundle with ${label} of attachments (${files} × ${fileBytes / MiB} MiB, no PDF), median of ${runs}`,
        unit: 'MiB/s',
        value: round1(exportRate.median),
        baseline: round1(rawRate.median),
        baselineName: 'read + SHA-256 + write + fsync',
        ratio,
        target: `≥ ${TARGET.toFixed(2)}× raw`,
        pass,
        note: `export ${exportRate.min.toFixed(0)}–${exportRate.max.toFixed(0)} MiB/s, raw ${rawRate.min.toFixed(0)}–${rawRate.max.toFixed(0)} MiB/s, per-run ratio ${ratios.min.toFixed(2)}–${ratios.max.toFixed(2)}; zip ${(zipBytes / MiB).toFixed(1)} MiB; VaultService.exportBundle with browser null (verify.html and report.html, no report.pdf), fsynced and renamed into place, custody entry included; the bundle ${details.verified?.ok === true ? 'verifies (verifyBundle)' : 'WAS NOT VERIFIED'}`
      }
    ]
    return { measurements, details }
  } finally {
    await service.lock().catch(() => undefined)
    if (options.keep === true) log(`export: kept ${dir}`)
    else await rm(dir, { recursive: true, force: true })
  }
}

/** The profile's top lines, for the printed report. */
export function profileLines(key, p) {
  const out = [`${key}: ${p.path} (top self time of ${p.top.totalMs} ms sampled)`, '  self time:']
  for (const r of p.top.rows.slice(0, 12))
    out.push(
      `  ${String(r.selfMs).padStart(8)} ms ${String(r.share).padStart(5)}%  ${r.name}  ${r.where}`
    )
  out.push('  inclusive time (named JavaScript functions):')
  for (const r of p.top.inclusive.slice(0, 16))
    out.push(
      `  ${String(r.totalMs).padStart(8)} ms ${String(r.share).padStart(5)}%  ${r.name}  ${r.where}`
    )
  return out
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2)
  const { measurements, details } = await runExportBench({
    quick: argv.includes('--quick') || process.env.DALEL_BENCH_QUICK === '1',
    keep: argv.includes('--keep'),
    profile: argv.includes('--profile'),
    baseDir: process.env.DALEL_BENCH_DIR
  })
  const lines = [formatTable(measurements), '']
  for (const m of measurements) if (m.note) lines.push(`  ${m.id}: ${m.note}`)
  if (details.exportProfile) lines.push('', ...profileLines('exportProfile', details.exportProfile))
  process.stdout.write(`${lines.join('\n')}\n`)
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true })
  writeFileSync(
    join(ROOT, 'bench-results', 'export.json'),
    `${JSON.stringify({ date: new Date().toISOString(), measurements, details }, null, 2)}\n`
  )
  process.exitCode = measurements.every((m) => m.pass !== false) ? 0 : 1
}
