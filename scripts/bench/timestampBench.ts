// Dalel's trusted-timestamp benchmark (issue 13): the time to timestamp the head of a vault
// against a local RFC 3161 authority (openssl ts -reply behind HTTP on 127.0.0.1), from the
// request to the anchor entry being durable: statement, query, the authority's answer,
// verification (pkijs, the system's ~140 roots parsed), append. A real authority adds its
// network round trip. Target: under 1 s per head on the local authority. run.ts runs it with
// --only=timestamp [--runs=N].
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { VaultService } from '../../src-main/node/services/VaultService'
import { makeTsaPki, removeTsaPki, startLocalTsa } from '../../src-main/node/testing/localTsa'
import { TEST_KDF } from '../../src-main/node/testing/testVault'
import type { BenchContext, Measurement, SectionResult } from './benchTypes'
import { median, nowMs } from './benchUtil'

const TARGET_MS = 1000

/** The timestamp benchmark's row (T1) and details. */
export async function runTimestampBench(options: BenchContext): Promise<SectionResult> {
  const runs = options.runs ?? (options.quick ? 3 : 7)
  const pki = await makeTsaPki()
  const tsa = await startLocalTsa(pki)
  const dir = await mkdtemp(join(options.baseDir, 'dalel-bench-timestamp-'))
  const service = new VaultService({ clock: { now: () => new Date() } })
  const times: number[] = []
  try {
    await service.createVault(join(dir, 'vault'), {
      passphrase: 'bench',
      author: 'bench',
      kdfLimits: TEST_KDF
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
    await removeTsaPki(pki)
    await rm(dir, { recursive: true, force: true })
  }
  const value = median(times)
  const measurements: Measurement[] = [
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
