// Summarises a V8 .cpuprofile (from --cpu-prof or the inspector): the functions with the most
// self time (with the share of idle and GC time), and the named JavaScript functions with the
// most inclusive time (themselves and everything they call), which is what points at a
// caller in Dalel's code when the time is spent inside wasm (libsodium, sql.js).
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { timeProcess } from './benchUtil'

interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
}

interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[]
  samples: number[]
  timeDeltas?: number[]
}

export interface ProfileSummary {
  totalMs: number
  rows: { name: string; where: string; selfMs: number; share: number }[]
  inclusive: { name: string; where: string; totalMs: number; share: number }[]
}

function frameKey(frame: CallFrame): { name: string; where: string } {
  const file = frame.url
    .replace(/^.*\/node_modules\//, '')
    .replace(/^file:\/\/.*\/work\/main\//, '')
  const where = frame.url === '' ? '' : `${file}:${frame.lineNumber + 1}`
  return { name: frame.functionName || '(anonymous)', where }
}

/** The `top` functions by self time and by inclusive time of the profile at `path`. */
export function summariseProfile(path: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id)
  const selfUs = new Map<number, number>()
  const deltas = profile.timeDeltas ?? []
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0))
  })
  type Row = { name: string; where: string; us: number }
  const bySelf = new Map<string, Row>()
  const byInclusive = new Map<string, Row>()
  let totalUs = 0
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame
    if (frame === undefined) continue
    const { name, where } = frameKey(frame)
    const key = `${name} ${where}`
    const row = bySelf.get(key) ?? { name, where, us: 0 }
    row.us += us
    bySelf.set(key, row)
    totalUs += us
    // Inclusive: every distinct named JavaScript frame on the stack gets the sample once.
    const seen = new Set<string>()
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)?.callFrame
      if (f === undefined || f.url === '' || f.url.startsWith('wasm://')) continue
      const k = frameKey(f)
      const ik = `${k.name} ${k.where}`
      if (seen.has(ik)) continue
      seen.add(ik)
      const irow = byInclusive.get(ik) ?? { ...k, us: 0 }
      irow.us += us
      byInclusive.set(ik, irow)
    }
  }
  const share = (us: number): number => Math.round((us / totalUs) * 1000) / 10
  const ms = (us: number): number => Math.round(us / 100) / 10
  const rows = [...bySelf.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((r) => ({ name: r.name, where: r.where, selfMs: ms(r.us), share: share(r.us) }))
  const inclusive = [...byInclusive.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((r) => ({ name: r.name, where: r.where, totalMs: ms(r.us), share: share(r.us) }))
  return { totalMs: Math.round(totalUs / 1000), rows, inclusive }
}

/** The lines run.ts prints for one profile: the top self and inclusive times. */
export function profileLines(key: string, p: { path: string; top: ProfileSummary }): string[] {
  const out = [`${key}: ${p.path} (top self time of ${p.top.totalMs} ms sampled)`, '  self time:']
  for (const r of p.top.rows.slice(0, 10))
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

/**
 * Runs `node --cpu-prof <args>` (an extra, untimed run) into `dir`/`name` and summarises it.
 */
export async function profileChild(
  dir: string,
  name: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv
): Promise<{ path: string; top: ProfileSummary }> {
  mkdirSync(dir, { recursive: true })
  await timeProcess(
    process.execPath,
    ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}`, ...args],
    { env }
  )
  const path = join(dir, name)
  return { path, top: summariseProfile(path, 20) }
}
