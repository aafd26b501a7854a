// The shapes every section of the benchmark shares: the rows of the table, what a section is
// given, what it gives back.
import type { ProfileSummary } from './profileSummary'

/** A row as a section states it; run.ts fills in what is left out (benchRecorder.ts). */
export interface Measurement {
  id: string
  name: string
  unit: string
  value?: number | null
  baseline?: number | null
  baselineName?: string | null
  /** the baseline's unit when it is not the value's */
  baselineUnit?: string
  /** value ÷ baseline unless given */
  ratio?: number | null
  target?: string | null
  /** null: informative, no target */
  pass?: boolean | null
  skipped?: boolean
  error?: string
  note?: string
}

/** A row of the table and of bench.json, every field present. */
export interface MeasurementRow {
  id: string
  name: string
  unit: string
  value: number | null
  baseline: number | null
  baselineName: string | null
  baselineUnit: string
  ratio: number | null
  target: string | null
  pass: boolean | null
  skipped: boolean
  error?: string
  note?: string
}

/** What run.ts hands each section. */
export interface BenchContext {
  quick: boolean
  keep: boolean
  profile: boolean
  /** where the section makes its temporary directories */
  baseDir: string
  profileDir: string
  /** timed runs, when the command line says (--runs=N) */
  runs?: number
  /** the Chromium to drive, when the command line says (--browser=PATH) */
  browser?: string
}

/** A CPU profile written by a section and summarised for the printout. */
export interface ProfileDetail {
  path: string
  top: ProfileSummary
}

/** What a section gives back: its rows, what bench.json keeps of it, its profiles. */
export interface SectionResult {
  measurements: Measurement[]
  details: Record<string, unknown>
  profiles?: Record<string, ProfileDetail>
}
