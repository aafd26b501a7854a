// Small helpers of the benchmark: clocks, percentiles, child processes, the table.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundleForChild } from '../../src-main/node/testing/killableChild'
import type { MeasurementRow } from './benchTypes'

const started = process.hrtime.bigint()

/**
 * The project's root: the nearest folder above this file with Dalel's package.json. The
 * benchmark runs bundled from node_modules/.cache/dalel-bench/, so the root is found, not
 * assumed from where the file sits.
 */
function findRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'dalel'
    )
      return dir
    if (dirname(dir) === dir) throw new Error('the benchmark runs from outside the Dalel project')
  }
}
export const ROOT = findRoot()
export const RESULTS_DIR = join(ROOT, 'bench-results')
export const MiB = 1024 * 1024

/** Milliseconds since an arbitrary origin, from the monotonic clock. */
export function nowMs(): number {
  return Number(process.hrtime.bigint() - started) / 1e6
}

/** Progress goes to stderr, so stdout holds only the table. */
export function log(message: string): void {
  process.stderr.write(`[bench ${(nowMs() / 1000).toFixed(1).padStart(7)} s] ${message}\n`)
}

/** Nearest-rank percentile (p in 0..1) of an unsorted list. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil(p * sorted.length))
  return sorted[rank - 1] ?? NaN
}

/** min, median, max of a list, for the spread a noisy machine gives. */
export function spread(values: readonly number[]): { min: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] ?? NaN)
      : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2
  return { min: sorted[0] ?? NaN, median, max: sorted.at(-1) ?? NaN }
}

export function median(values: readonly number[]): number {
  return spread(values).median
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length
}

/**
 * Runs a process to completion and times it from spawn to exit (wall clock, nothing
 * subtracted). Rejects on a non-zero exit, with the end of its stderr.
 */
export async function timeProcess(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}
): Promise<{ ms: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const start = nowMs()
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {})
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
    child.once('error', reject)
    child.once('close', (code, signal) => {
      const ms = nowMs() - start
      const stdout = Buffer.concat(out).toString('utf8')
      const stderr = Buffer.concat(err).toString('utf8')
      if (code !== 0) {
        reject(
          new Error(
            `${command} ${args.join(' ')} exited with ${code ?? signal ?? '?'}: ${stderr.trim().slice(-2000)}`
          )
        )
        return
      }
      resolve({ ms, stdout, stderr })
    })
  })
}

/** The file system type of the mount that holds `path` (longest matching mount point). */
export function fileSystemOf(path: string): { point: string; type: string; device: string } {
  try {
    let best = { point: '', type: 'unknown', device: 'unknown' }
    for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
      const [device, point, type] = line.split(' ')
      if (device === undefined || point === undefined || type === undefined) continue
      const prefix = point.endsWith('/') ? point : `${point}/`
      if ((path === point || path.startsWith(prefix)) && point.length >= best.point.length)
        best = { point, type, device }
    }
    return best
  } catch {
    return { point: 'unknown', type: 'unknown', device: 'unknown' }
  }
}

/** Formats a value with its unit for the table. */
export function formatValue(value: number | null, unit: string): string {
  if (value === null || Number.isNaN(value)) return '—'
  switch (unit) {
    case 'ms':
      return value < 10 ? `${value.toFixed(3)} ms` : `${value.toFixed(1)} ms`
    case 's':
      return `${value.toFixed(2)} s`
    case 'bytes':
      return `${(value / MiB).toFixed(1)} MiB`
    case '/s':
      return `${Math.round(value).toLocaleString('en-US')} /s`
    case '×':
      return `${value.toFixed(2)}×`
    default:
      return `${value} ${unit}`
  }
}

function resultOf(m: MeasurementRow): string {
  if (m.skipped) return `SKIP${m.error !== undefined ? ` (${m.error.slice(0, 60)})` : ''}`
  if (m.pass === null) return 'info'
  return m.pass ? 'PASS' : 'FAIL'
}

/** The results as a plain-text table: measurement, value, baseline, ratio, target, result. */
export function formatTable(measurements: readonly MeasurementRow[]): string {
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
    m.baseline === null
      ? '—'
      : `${formatValue(m.baseline, m.baselineUnit)} ${m.baselineName ?? ''}`.trim(),
    m.ratio === null || Number.isNaN(m.ratio) ? '—' : `${m.ratio.toFixed(2)}×`,
    m.target ?? '—',
    resultOf(m)
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n')
}

/**
 * Bundles Dalel's TypeScript for a child process of the benchmark as the CLI is bundled
 * (dependencies stay external and resolve from node_modules), into
 * node_modules/.cache/dalel-bench/<entry's name>.mjs. `entry` is a file under the project root.
 * @returns the bundle's path
 */
export function bundleForBench(options: { entry: string; sourcemap?: boolean }): Promise<string> {
  return bundleForChild(options.entry, 'dalel-bench', {
    root: ROOT,
    ...(options.sourcemap === undefined ? {} : { sourcemap: options.sourcemap })
  })
}

/** The message of a thrown value, and its stack when it has one. */
export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error)
}
