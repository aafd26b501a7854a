// Small helpers of the benchmark: clocks, percentiles, child processes, the table.
import { build } from 'esbuild'
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const started = process.hrtime.bigint()

/** Milliseconds since an arbitrary origin, from the monotonic clock. */
export function nowMs() {
  return Number(process.hrtime.bigint() - started) / 1e6
}

/** Progress goes to stderr, so stdout holds only the table. */
export function log(message) {
  process.stderr.write(`[bench ${(nowMs() / 1000).toFixed(1).padStart(7)} s] ${message}\n`)
}

/** Nearest-rank percentile (p in 0..1) of an unsorted list. */
export function percentile(values, p) {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil(p * sorted.length))
  return sorted[rank - 1]
}

export function median(values) {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export function mean(values) {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length
}

/**
 * Runs a process to completion and times it from spawn to exit (wall clock, nothing
 * subtracted). Rejects on a non-zero exit, with the end of its stderr.
 */
export function timeProcess(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const start = nowMs()
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      cwd: options.cwd
    })
    const out = []
    const err = []
    child.stdout.on('data', (chunk) => out.push(chunk))
    child.stderr.on('data', (chunk) => err.push(chunk))
    child.once('error', reject)
    child.once('close', (code, signal) => {
      const ms = nowMs() - start
      const stdout = Buffer.concat(out).toString('utf8')
      const stderr = Buffer.concat(err).toString('utf8')
      if (code !== 0) {
        reject(
          new Error(
            `${command} ${args.join(' ')} exited with ${code ?? signal}: ${stderr.trim().slice(-2000)}`
          )
        )
        return
      }
      resolve({ ms, stdout, stderr })
    })
  })
}

/** The file system type of the mount that holds `path` (longest matching mount point). */
export function fileSystemOf(path) {
  try {
    let best = { point: '', type: 'unknown', device: 'unknown' }
    for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
      const [device, point, type] = line.split(' ')
      if (point === undefined || type === undefined) continue
      const prefix = point.endsWith('/') ? point : `${point}/`
      if ((path === point || path.startsWith(prefix)) && point.length >= best.point.length)
        best = { point, type, device }
    }
    return best
  } catch {
    return { point: 'unknown', type: 'unknown', device: 'unknown' }
  }
}

const MB = 1024 * 1024

/** Formats a value with its unit for the table. */
export function formatValue(value, unit) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—'
  switch (unit) {
    case 'ms':
      return value < 10 ? `${value.toFixed(3)} ms` : `${value.toFixed(1)} ms`
    case 's':
      return `${value.toFixed(2)} s`
    case 'bytes':
      return `${(value / MB).toFixed(1)} MiB`
    case '/s':
      return `${Math.round(value).toLocaleString('en-US')} /s`
    case '×':
      return `${value.toFixed(2)}×`
    default:
      return `${value} ${unit}`
  }
}

/** The results as a plain-text table: measurement, value, baseline, ratio, target, result. */
export function formatTable(measurements) {
  const header = [
    '#',
    'measurement',
    'value',
    'baseline (machine limit, same run)',
    'ratio',
    'target',
    'result'
  ]
  const rows = measurements.map((m) => [
    m.id,
    m.name,
    m.skipped ? 'skipped' : formatValue(m.value, m.unit),
    m.baseline === null || m.baseline === undefined
      ? '—'
      : `${formatValue(m.baseline, m.baselineUnit ?? m.unit)} ${m.baselineName ?? ''}`.trim(),
    m.ratio === null || m.ratio === undefined || Number.isNaN(m.ratio)
      ? '—'
      : `${m.ratio.toFixed(2)}×`,
    m.target ?? '—',
    m.skipped
      ? `SKIP${m.error ? ` (${m.error.slice(0, 60)})` : ''}`
      : m.pass === true
        ? 'PASS'
        : m.pass === false
          ? 'FAIL'
          : 'info'
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n')
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Bundles Dalel's TypeScript for a benchmark as the CLI is bundled (dependencies stay
 * external and resolve from node_modules), into node_modules/.cache/dalel-bench/<name>.
 * Give `entry` (a file under the project root) or `contents` (a module's source).
 * @returns the bundle's path
 */
export async function bundleForBench({ name, entry, contents, sourcemap = false }) {
  const dir = join(ROOT, 'node_modules', '.cache', 'dalel-bench')
  mkdirSync(dir, { recursive: true })
  const outfile = join(dir, name)
  await build({
    absWorkingDir: ROOT,
    ...(entry !== undefined
      ? { entryPoints: [join(ROOT, entry)] }
      : { stdin: { contents, resolveDir: ROOT, loader: 'ts' } }),
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    ...(sourcemap ? { sourcemap: 'inline' } : {}),
    logLevel: 'warning'
  })
  return outfile
}
