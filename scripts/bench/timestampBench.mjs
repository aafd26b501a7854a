// Dalel's trusted-timestamp benchmark (issue 13): the time to timestamp the head of a vault
// against a local RFC 3161 authority (openssl ts -reply behind HTTP on 127.0.0.1), from the
// request to the anchor entry being durable: statement, query, the authority's answer,
// verification (pkijs, the system's ~140 roots parsed), append. A real authority adds its
// network round trip. Target: under 1 s per head on the local authority.
//
//   node scripts/bench/timestampBench.mjs [--runs=N]
//
// run.mjs calls runTimestampBench (--only=timestamp).
import { mkdirSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { bundleForBench, formatTable, median, nowMs } from './benchUtil.mjs'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const TARGET_MS = 1000

async function bundle() {
  const outfile = await bundleForBench({
    name: 'timestampLib.mjs',
    contents: [
      "export { VaultService } from './src-main/node/services/VaultService'",
      "export { makeTsaPki, removeTsaPki, startLocalTsa } from './src-main/node/testing/localTsa'",
      "export { TEST_KDF } from './src-main/node/testing/testVault'"
    ].join('\n')
  })
  return import(pathToFileURL(outfile).href)
}

/** @param {{ runs?: number, baseDir?: string }} options */
export async function runTimestampBench(options = {}) {
  const runs = options.runs ?? 7
  const lib = await bundle()
  const pki = await lib.makeTsaPki()
  const tsa = await lib.startLocalTsa(pki)
  const dir = await mkdtemp(join(options.baseDir ?? tmpdir(), 'dalel-bench-timestamp-'))
  const service = new lib.VaultService({ clock: { now: () => new Date() } })
  const times = []
  try {
    await service.createVault(join(dir, 'vault'), {
      passphrase: 'bench',
      author: 'bench',
      kdfLimits: lib.TEST_KDF
    })
    for (let i = 0; i <= runs; i++) {
      await service.addNote({ title: `note ${i}` })
      const started = nowMs()
      const outcome = await service.timestampHead({
        authorities: [tsa.url],
        trustedCas: [pki.rootPem]
      })
      if (outcome.anchor === null) throw new Error(`no token: ${JSON.stringify(outcome.answers)}`)
      // The first stamp also parses the root store and warms pkijs; it is not counted.
      if (i > 0) times.push(nowMs() - started)
    }
  } finally {
    await service.lock()
    await tsa.close()
    await lib.removeTsaPki(pki)
    await rm(dir, { recursive: true, force: true })
  }
  const value = median(times)
  const measurements = [
    {
      id: 'T1',
      name: `timestamp the head against a local RFC 3161 authority, anchor recorded, median of ${runs}`,
      value: Number(value.toFixed(1)),
      unit: 'ms',
      target: `< ${TARGET_MS} ms`,
      pass: value < TARGET_MS,
      note: `${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)} ms`
    }
  ]
  return { measurements, details: { runs, times } }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2)
  const option = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
  const { measurements, details } = await runTimestampBench({
    runs: Number(option('runs') ?? 7),
    baseDir: process.env.DALEL_BENCH_DIR
  })
  console.log(formatTable(measurements))
  for (const m of measurements) if (m.note) console.log(`  ${m.id}: ${m.note}`)
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true })
  writeFileSync(
    join(ROOT, 'bench-results', 'timestamp.json'),
    `${JSON.stringify({ date: new Date().toISOString(), ...details, measurements }, null, 2)}\n`
  )
  process.exitCode = measurements.every((m) => m.pass) ? 0 : 1
}
