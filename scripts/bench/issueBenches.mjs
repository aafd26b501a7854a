// The benchmarks of issues 5 (bundle export), 6 (backup) and 3 (web capture), as run.mjs
// runs them: each lives in its own file, runnable alone, and returns its rows for run.mjs's
// table. `skip` is the row run.mjs records when a benchmark cannot run at all.
// Sizes, full / --quick: export 1 GiB / 128 MiB of attachments, 5 / 2 runs; backup a
// 10 000 / 1 000-entry vault with 200 / 20 × 10 MiB of blobs; capture 7 / 3 runs.
import { runBackupBench } from './backupBench.mjs'
import { runCaptureBench } from './capture.mjs'
import { runExportBench } from './exportBench.mjs'
import { runTimestampBench } from './timestampBench.mjs'
import { runProbeBench } from './probeBench.mjs'

/**
 * @typedef {{ quick: boolean, keep: boolean, profile: boolean, baseDir: string,
 *   profileDir: string }} BenchContext
 */
export const ISSUE_BENCHES = [
  {
    only: 'export',
    section: 'E. evidence-bundle export vs raw SHA-256 + copy (issue 5)',
    ids: ['E1', 'E2'],
    skip: { id: 'E1', name: 'export of a bundle with 1 GiB of attachments', unit: 'MiB/s' },
    target: '≥ 0.50× raw',
    /** @param {BenchContext} ctx */
    run: async (ctx) => {
      const result = await runExportBench(ctx)
      const { exportProfile, ...details } = result.details
      return {
        measurements: result.measurements,
        details,
        profiles: exportProfile === undefined ? {} : { exportProfile }
      }
    }
  },
  {
    only: 'backup',
    section: 'B. incremental backup of a 10 000-entry vault (issue 6)',
    ids: ['B1', 'B2', 'B3'],
    skip: { id: 'B1', name: 'incremental backup after 10 entries: bytes written', unit: 'bytes' },
    target: '≤ 1.20× (new data + snapshot + journal)',
    /** @param {BenchContext} ctx */
    run: async (ctx) => ({ ...(await runBackupBench(ctx)), profiles: {} })
  },
  {
    only: 'capture',
    section: 'C. web capture vs bare Playwright (issue 3)',
    ids: ['C1', 'C2'],
    skip: { id: 'C1', name: 'one capture of a fixture article', unit: 'ms' },
    target: '≤ 1.5×',
    /** @param {BenchContext} ctx */
    run: async (ctx) => ({
      ...(await runCaptureBench({ runs: ctx.quick ? 3 : 7, baseDir: ctx.baseDir })),
      profiles: {}
    })
  },
  {
    only: 'probe',
    section: 'P. availability probes vs a capture; CPU of a 10-URL round a minute (issue 14)',
    ids: ['P1', 'P2'],
    skip: { id: 'P1', name: 'one probe recorded', unit: 'ms' },
    target: '< 5 % of a capture; < 2 % of one core',
    /** @param {BenchContext} ctx */
    run: async (ctx) => ({
      ...(await runProbeBench({ runs: ctx.quick ? 3 : 7, baseDir: ctx.baseDir })),
      profiles: {}
    })
  },
  {
    only: 'timestamp',
    section: 'T. trusted timestamp of the head against a local RFC 3161 authority (issue 13)',
    ids: ['T1'],
    skip: { id: 'T1', name: 'timestamp the head', unit: 'ms' },
    target: '< 1 s',
    /** @param {BenchContext} ctx */
    run: async (ctx) => ({
      ...(await runTimestampBench({ runs: ctx.quick ? 3 : 7, baseDir: ctx.baseDir })),
      profiles: {}
    })
  }
]
