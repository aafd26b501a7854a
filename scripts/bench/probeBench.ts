// Dalel's availability-probe benchmark (issue 14): what one probe round costs against a local
// server, next to a full capture of the same page, and the CPU a 10-URL round every minute
// takes. Targets: one recorded probe under 5 % of one recorded capture's time; a 10-URL round
// under 2 % of one core when repeated every 60 s (process.cpuUsage over the round / 60 s).
//
// The fixture server runs in this process, so its CPU is counted with the probes' (the
// figure is an upper bound). run.ts runs it with --only=probe [--runs=N] [--browser=PATH].
import { mkdtemp, rm } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import { launchChromium } from '../../src-main/node/capture/launchChromium'
import { VaultService } from '../../src-main/node/services/VaultService'
import { chromiumOrThrow, listenLocal } from './benchServer'
import type { BenchContext, Measurement, SectionResult } from './benchTypes'
import { log, median, nowMs } from './benchUtil'

const PROBE_SHARE_TARGET = 0.05
const CPU_TARGET = 0.02
const clock = { now: () => new Date() }

/** An article of a few screens of text, as a newsroom's front page might serve it. */
function handler(req: IncomingMessage, res: ServerResponse): void {
  const paragraphs = Array.from(
    { length: 40 },
    (_, i) =>
      `<p>${i}. Сотрудники полиции провели обыск в редакции независимого издания; изъяты ноутбуки и телефоны. Редакцияда тінту жүргізілді.</p>`
  ).join('\n')
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
  res.end(
    `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Дәлел</title></head><body><h1>${req.url ?? ''}</h1>${paragraphs}</body></html>`
  )
}

/** The probe benchmark's rows (P1, P2) and details. */
export async function runProbeBench(options: BenchContext): Promise<SectionResult> {
  const runs = options.runs ?? (options.quick ? 3 : 7)
  const executablePath = await chromiumOrThrow(options.browser)
  const server = await listenLocal(handler)
  const origin = server.origin
  const dir = await mkdtemp(join(options.baseDir, 'dalel-bench-probe-'))
  const service = new VaultService({ clock })
  const browser = await launchChromium({ executablePath })
  const times = { probe: [] as number[], capture: [] as number[] }
  const rounds: { wallMs: number; cpuMs: number }[] = []
  try {
    await service.createVault(join(dir, 'vault'), {
      passphrase: 'bench',
      author: 'bench',
      kdfLimits: { opslimit: 2, memlimit: 64 * 1024 * 1024 }
    })
    const url = `${origin}/front`
    log(`${origin}; 1 warm-up and ${runs} runs each, alternating`)
    await service.probeWeb([url], { toolVersion: 'bench' })
    await service.captureWeb([url], { browser, toolVersion: 'bench' })
    for (let run = 1; run <= runs; run++) {
      const order =
        run % 2 === 0 ? (['probe', 'capture'] as const) : (['capture', 'probe'] as const)
      for (const which of order) {
        const start = nowMs()
        if (which === 'probe') await service.probeWeb([url], { toolVersion: 'bench' })
        else await service.captureWeb([url], { browser, toolVersion: 'bench' })
        times[which].push(nowMs() - start)
      }
      log(
        `run ${run}: probe ${(times.probe.at(-1) ?? NaN).toFixed(1)} ms, capture ${(times.capture.at(-1) ?? NaN).toFixed(0)} ms`
      )
    }
    const urls = Array.from({ length: 10 }, (_, i) => `${origin}/site-${i}`)
    await service.probeWeb(urls, { toolVersion: 'bench' })
    for (let run = 1; run <= runs; run++) {
      const cpu = process.cpuUsage()
      const start = nowMs()
      await service.probeWeb(urls, { toolVersion: 'bench' })
      const used = process.cpuUsage(cpu)
      rounds.push({ wallMs: nowMs() - start, cpuMs: (used.user + used.system) / 1000 })
    }
  } finally {
    await service.lock()
    await browser.close()
    server.close()
    await rm(dir, { recursive: true, force: true })
  }
  const probe = median(times.probe)
  const capture = median(times.capture)
  const cpuMs = median(rounds.map((r) => r.cpuMs))
  const share = cpuMs / 60_000
  const measurements: Measurement[] = [
    {
      id: 'P1',
      name: `one probe recorded (DNS, TCP, HTTP, 1 MiB body cap, encrypted and fsynced), median of ${runs}`,
      value: probe,
      unit: 'ms',
      baseline: capture,
      baselineName: 'one capture of the same page, recorded',
      ratio: probe / capture,
      target: `< ${PROBE_SHARE_TARGET * 100} % of a capture`,
      pass: probe / capture < PROBE_SHARE_TARGET,
      note: `probes ${Math.min(...times.probe).toFixed(1)}–${Math.max(...times.probe).toFixed(1)} ms, captures ${Math.min(...times.capture).toFixed(0)}–${Math.max(...times.capture).toFixed(0)} ms`
    },
    {
      id: 'P2',
      name: `CPU of a 10-URL probe round repeated every 60 s, median of ${runs} rounds`,
      value: Number((share * 100).toFixed(3)),
      unit: '% of one core',
      baseline: Number(cpuMs.toFixed(1)),
      baselineUnit: 'ms CPU',
      baselineName: 'per round, over 60 s',
      ratio: share,
      target: `< ${CPU_TARGET * 100} % of one core`,
      pass: share < CPU_TARGET,
      note: `${cpuMs.toFixed(1)} ms of CPU per round (user + system, the fixture server included), ${median(rounds.map((r) => r.wallMs)).toFixed(0)} ms wall`
    }
  ]
  return { measurements, details: { executablePath, runs, times, rounds } }
}
