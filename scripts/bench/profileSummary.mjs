// Summarises a V8 .cpuprofile (from --cpu-prof or the inspector): the functions with the most
// self time (with the share of idle and GC time), and the named JavaScript functions with the
// most inclusive time (themselves and everything they call), which is what points at a
// caller in Dalel's code when the time is spent inside wasm (libsodium, sql.js).
//
//   node scripts/bench/profileSummary.mjs <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs'

function frameKey(frame) {
  const file = frame.url
    .replace(/^.*\/node_modules\//, '')
    .replace(/^file:\/\/.*\/work\/main\//, '')
  const where = frame.url === '' ? '' : `${file}:${frame.lineNumber + 1}`
  return { name: frame.functionName || '(anonymous)', where }
}

/**
 * @returns {{ totalMs: number, rows: { name: string, where: string, selfMs: number, share: number }[],
 *   inclusive: { name: string, where: string, totalMs: number, share: number }[] }}
 */
export function summariseProfile(path, top = 25) {
  const profile = JSON.parse(readFileSync(path, 'utf8'))
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map()
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id)
  const selfUs = new Map()
  const deltas = profile.timeDeltas ?? []
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]
    selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0))
  }
  const bySelf = new Map()
  const byInclusive = new Map()
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
    const seen = new Set()
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
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
  const share = (us) => Math.round((us / totalUs) * 1000) / 10
  const ms = (us) => Math.round(us / 100) / 10
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, top] = process.argv.slice(2)
  if (path === undefined) {
    process.stderr.write('usage: node scripts/bench/profileSummary.mjs <file.cpuprofile> [top]\n')
    process.exit(2)
  }
  const { totalMs, rows, inclusive } = summariseProfile(path, Number(top ?? 25))
  process.stdout.write(`total sampled: ${totalMs} ms\n\nself time:\n`)
  for (const r of rows)
    process.stdout.write(
      `${String(r.selfMs).padStart(9)} ms ${String(r.share).padStart(5)}%  ${r.name}  ${r.where}\n`
    )
  process.stdout.write('\ninclusive time (named JavaScript functions):\n')
  for (const r of inclusive)
    process.stdout.write(
      `${String(r.totalMs).padStart(9)} ms ${String(r.share).padStart(5)}%  ${r.name}  ${r.where}\n`
    )
}
