// What one run of the benchmark gathers: the table's rows, the details bench.json keeps,
// the errors, and each section's time and load.
import os from 'node:os'
import type { Measurement, MeasurementRow } from './benchTypes'
import { describeError, log, nowMs } from './benchUtil'

export class BenchRecorder {
  readonly measurements: MeasurementRow[] = []
  readonly details: Record<string, unknown> = {}
  readonly errors: Record<string, string> = {}
  /** Other work on the machine skews every number: each section records the load around it. */
  readonly sections: {
    name: string
    seconds: number
    loadAverage1mBefore: number
    loadAverage1mAfter: number
  }[] = []

  record(m: Measurement): MeasurementRow {
    const value = m.value ?? null
    const baseline = m.baseline ?? null
    const row: MeasurementRow = {
      id: m.id,
      name: m.name,
      unit: m.unit,
      value,
      baseline,
      baselineName: m.baselineName ?? null,
      baselineUnit: m.baselineUnit ?? m.unit,
      ratio:
        m.ratio ??
        (value !== null && baseline !== null && baseline !== 0 ? value / baseline : null),
      target: m.target ?? null,
      pass: m.pass ?? null,
      skipped: m.skipped ?? false,
      ...(m.error !== undefined ? { error: m.error } : {}),
      ...(m.note !== undefined ? { note: m.note } : {})
    }
    this.measurements.push(row)
    return row
  }

  /** A row that could not be measured, with why. */
  skip(id: string, name: string, unit: string, target: string, error: unknown): void {
    this.record({
      id,
      name,
      unit,
      target,
      skipped: true,
      error: error instanceof Error ? error.message : String(error)
    })
  }

  has(id: string): boolean {
    return this.measurements.some((m) => m.id === id)
  }

  /** Runs one section, timing it and noting the load; a failure is recorded, not thrown. */
  async section(name: string, fn: () => Promise<void> | void): Promise<void> {
    log(
      `── ${name} (load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`
    )
    const start = nowMs()
    const loadBefore = os.loadavg()[0] ?? NaN
    try {
      await fn()
    } catch (error) {
      this.errors[name] = describeError(error)
      log(`!! ${name} failed: ${describeError(error)}`)
    }
    const seconds = (nowMs() - start) / 1000
    this.sections.push({
      name,
      seconds,
      loadAverage1mBefore: loadBefore,
      loadAverage1mAfter: os.loadavg()[0] ?? NaN
    })
    log(`── ${name}: ${seconds.toFixed(1)} s`)
  }
}
