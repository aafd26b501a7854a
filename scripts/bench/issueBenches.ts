// The benchmarks of issues 5 (bundle export), 6 (backup), 3 (web capture), 14 (probes) and 13
// (trusted time), as run.ts runs them: each lives in its own file and returns its rows for
// run.ts's table. `skip` is the row run.ts records when a benchmark cannot run at all.
// Sizes, full / --quick: export 1 GiB / 128 MiB of attachments, 5 / 2 runs; backup a
// 10 000 / 1 000-entry vault with 200 / 20 × 10 MiB of blobs; capture, probe and timestamp
// 7 / 3 runs (or --runs=N).
import { runBackupBench } from './backupBench'
import type { BenchContext, SectionResult } from './benchTypes'
import { runCaptureBench } from './capture'
import { runExportBench } from './exportBench'
import { runProbeBench } from './probeBench'
import { runTimestampBench } from './timestampBench'

export interface IssueBench {
  /** the name --only= selects it by */
  only: string
  section: string
  /** its rows' ids, in the table's order */
  ids: string[]
  skip: { id: string; name: string; unit: string }
  target: string
  run: (ctx: BenchContext) => Promise<SectionResult>
}

export const ISSUE_BENCHES: IssueBench[] = [
  {
    only: 'export',
    section: 'E. evidence-bundle export vs raw SHA-256 + copy (issue 5)',
    ids: ['E1', 'E2'],
    skip: { id: 'E1', name: 'export of a bundle with 1 GiB of attachments', unit: 'MiB/s' },
    target: '≥ 0.50× raw',
    run: runExportBench
  },
  {
    only: 'backup',
    section: 'B. incremental backup of a 10 000-entry vault (issue 6)',
    ids: ['B1', 'B2', 'B3'],
    skip: { id: 'B1', name: 'incremental backup after 10 entries: bytes written', unit: 'bytes' },
    target: '≤ 1.20× (new data + snapshot + journal)',
    run: runBackupBench
  },
  {
    only: 'capture',
    section: 'C. web capture vs bare Playwright (issue 3)',
    ids: ['C1', 'C2'],
    skip: { id: 'C1', name: 'one capture of a fixture article', unit: 'ms' },
    target: '≤ 1.5×',
    run: runCaptureBench
  },
  {
    only: 'probe',
    section: 'P. availability probes vs a capture; CPU of a 10-URL round a minute (issue 14)',
    ids: ['P1', 'P2'],
    skip: { id: 'P1', name: 'one probe recorded', unit: 'ms' },
    target: '< 5 % of a capture; < 2 % of one core',
    run: runProbeBench
  },
  {
    only: 'timestamp',
    section: 'T. trusted timestamp of the head against a local RFC 3161 authority (issue 13)',
    ids: ['T1'],
    skip: { id: 'T1', name: 'timestamp the head', unit: 'ms' },
    target: '< 1 s',
    run: runTimestampBench
  }
]
