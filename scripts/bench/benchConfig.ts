// The benchmark's command line and the sizes it implies.
//
//   npm run bench -- [--quick] [--profile] [--keep] [--only=a,b,…] [--runs=N] [--browser=PATH]
//                    [--large-vault=DIR]
//
// --quick (or DALEL_BENCH_QUICK=1): 10 000 entries instead of 100 000, 100 MiB instead of 1 GiB.
// --profile (or DALEL_BENCH_PROFILE=1): also writes .cpuprofile files (appends, unlock, attach,
//   export) to bench-results/profiles/ from extra, untimed runs, and prints their top functions.
// --keep: leave the temporary directory (with the large vault) in place, for profiling by hand.
// --only=append,unlock,attach,export,backup,capture,probe,timestamp,ui: run only these sections
//   (unlock needs append's vault; ui uses it when there is one). Without it: append, unlock,
//   ui, attach, export, backup, capture.
// --runs=N, --browser=PATH: the timed runs and the Chromium of the capture, probe and
//   timestamp sections.
// --ui-vault=DIR: the UI section's vault, kept between runs: built there when DIR holds no
//   vault yet, used as it is otherwise (a 100 000-entry build takes 4–5 minutes; the UI
//   section only reads it).
// --large-vault=DIR: a large vault kept from an earlier run (--keep; made with the bench's
//   passphrase), unlocked and verified by the unlock section instead of the one append builds,
//   which then need not run: `--only=unlock --large-vault=DIR` times verify in a minute. Never
//   removed. Ignored when append runs.
// DALEL_BENCH_DIR: where the temporary vaults and files go (default: the OS temp dir).
import { MiB } from './benchUtil'

const argv = process.argv.slice(2)
const option = (name: string): string | undefined =>
  argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)

export const QUICK = argv.includes('--quick') || process.env.DALEL_BENCH_QUICK === '1'
export const PROFILE = argv.includes('--profile') || process.env.DALEL_BENCH_PROFILE === '1'
export const KEEP = argv.includes('--keep')
export const ONLY = new Set(
  (option('only') ?? 'append,unlock,ui,attach,export,backup,capture').split(',').filter(Boolean)
)
const runsOption = option('runs')
export const RUNS = runsOption === undefined ? undefined : Number(runsOption)
export const BROWSER = option('browser')
export const UI_VAULT = option('ui-vault')
export const LARGE_VAULT = option('large-vault')

export const config = {
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
export type BenchConfig = typeof config

export const PASSPHRASE = 'bench: дәлел — доказательство 2026'
export const clock = { now: (): Date => new Date() }
