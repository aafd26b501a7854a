// Dalel's web-capture benchmark: one capture of a fixture article by Dalel's engine, against
// the bare minimum a capture needs — Playwright navigating to the same page, taking a
// full-page screenshot and an MHTML snapshot — in the same run, on the same browser.
// Target: Dalel's capture takes at most 1.5× the bare minimum (median of the runs).
//
// Needs a system Chromium (chromium, chromium-browser or google-chrome on PATH, DALEL_CHROMIUM,
// or --browser=PATH). run.ts runs it with --only=capture [--runs=N] [--browser=PATH].
import { mkdtemp, rm } from 'node:fs/promises'
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { join } from 'node:path'
import { capturePage } from '../../src-main/node/capture/capturePage'
import { launchChromium } from '../../src-main/node/capture/launchChromium'
import type { ChromiumCaptureBrowser } from '../../src-main/node/capture/launchChromium'
import { encodePng } from '../../src-main/node/media/png'
import { VaultService } from '../../src-main/node/services/VaultService'
import { chromiumOrThrow, listenLocal } from './benchServer'
import type { BenchContext, Measurement, SectionResult } from './benchTypes'
import { log, median, nowMs } from './benchUtil'

const TARGET = 1.5

type PlaywrightBrowser = NonNullable<ChromiumCaptureBrowser['playwright']>

// ── the fixture: a news article of about five screens, with pictures, CSS and a script ──────

function fixturePage(): RequestListener {
  const images = new Map<string, Buffer>()
  const colours = [
    [200, 40, 40],
    [40, 120, 200],
    [30, 160, 90],
    [220, 170, 30],
    [120, 60, 160],
    [90, 90, 90]
  ]
  colours.forEach(([r = 0, g = 0, b = 0], i) => {
    const width = 640
    const height = 360
    const pixels = new Uint8Array(width * height * 3)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const at = (y * width + x) * 3
        const shade = ((x >> 4) + (y >> 4)) % 2 === 0 ? 0 : 24
        pixels[at] = Math.min(255, r + shade)
        pixels[at + 1] = Math.min(255, g + shade)
        pixels[at + 2] = Math.min(255, b + shade)
      }
    images.set(`/img/${i}.png`, Buffer.from(encodePng({ width, height, channels: 3, pixels })))
  })
  const paragraph = (i: number): string =>
    i % 2 === 0
      ? `<p>${i}. Сотрудники полиции провели обыск в редакции независимого издания; изъяты ноутбуки, телефоны и жёсткие диски. Адвоката не допустили к обыску, протокол не выдали.</p>`
      : `<p lang="kk">${i}. Полиция қызметкерлері тәуелсіз басылымның редакциясында тінту жүргізді; ноутбуктер, телефондар және қатты дискілер тәркіленді.</p>`
  const body = Array.from({ length: 30 }, (_, i) =>
    i % 5 === 4
      ? `${paragraph(i)}<figure><img src="/img/${(i / 5) | 0}.png" width="640" height="360" alt=""><figcaption>Фото ${i}</figcaption></figure>`
      : paragraph(i)
  ).join('\n')
  const html = `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">
<title>Обыск в редакции — Редакцияда тінту</title><link rel="stylesheet" href="/style.css">
</head><body><header><h1>Обыск в редакции</h1></header><main>${body}</main>
<footer>© Редакция</footer><script src="/app.js"></script></body></html>`
  const css = `body{margin:0 auto;max-width:760px;font:18px/1.6 serif;color:#222}
header{border-bottom:2px solid #333}figure{margin:24px 0}img{display:block;max-width:100%}`
  const js = `document.querySelector('footer').append(' — ' + document.querySelectorAll('p').length + ' абзацев')`
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const send = (type: string, body: string | Buffer): void => {
      res.writeHead(200, { 'Content-Type': type })
      res.end(body)
    }
    const image = images.get(path)
    if (path === '/article') send('text/html; charset=utf-8', html)
    else if (path === '/style.css') send('text/css', css)
    else if (path === '/app.js') send('text/javascript', js)
    else if (image !== undefined) send('image/png', image)
    else {
      res.writeHead(404)
      res.end()
    }
  }
}

// ── the two measurements ────────────────────────────────────────────────────────────────────

/** The bare minimum: navigate, full-page screenshot, MHTML; a fresh context as Dalel uses. */
async function bareMinimum(browser: PlaywrightBrowser, url: string): Promise<number> {
  const start = nowMs()
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  await page.goto(url, { waitUntil: 'load' })
  await page.screenshot({ fullPage: true })
  const cdp = await context.newCDPSession(page)
  await cdp.send('Page.captureSnapshot', { format: 'mhtml' })
  await context.close()
  return nowMs() - start
}

const clock = { now: () => new Date() }
const last = (list: number[]): string => (list.at(-1) ?? NaN).toFixed(0)
const tool = { name: 'Dalel', version: 'bench' }

/** Dalel's engine: redirects followed, settled, lazy content scrolled in, every file made. */
async function dalelCapture(captureBrowser: ChromiumCaptureBrowser, url: string): Promise<number> {
  const start = nowMs()
  const page = await captureBrowser.openPage()
  const capture = await capturePage(
    page,
    url,
    { timeoutMs: 30_000, operator: 'bench', tool },
    { clock }
  )
  await page.close()
  if (capture.payload.outcome !== 'captured') throw new Error(`capture: ${capture.payload.outcome}`)
  return nowMs() - start
}

/** The same, then encrypted into a vault and fsynced: what `dalel capture` does per URL. */
async function dalelRecorded(
  service: VaultService,
  captureBrowser: ChromiumCaptureBrowser,
  url: string
): Promise<number> {
  const start = nowMs()
  await service.captureWeb([url], { browser: captureBrowser, toolVersion: 'bench' })
  return nowMs() - start
}

// ── the run ─────────────────────────────────────────────────────────────────────────────────

/** The capture benchmark's rows (C1, C2) and details; rejects when there is no Chromium. */
export async function runCaptureBench(options: BenchContext): Promise<SectionResult> {
  const runs = options.runs ?? (options.quick ? 3 : 7)
  const executablePath = await chromiumOrThrow(options.browser)
  // One browser for both: the bare minimum drives the same Playwright browser directly.
  const captureBrowser = await launchChromium({ executablePath })
  const browser = captureBrowser.playwright
  if (browser === undefined) throw new Error('the capture browser did not start')
  const server = await listenLocal(fixturePage())
  const url = `${server.origin}/article`
  const dir = await mkdtemp(join(options.baseDir, 'dalel-bench-capture-'))
  const service = new VaultService({ clock })

  const times = { bare: [] as number[], dalel: [] as number[], recorded: [] as number[] }
  try {
    await service.createVault(join(dir, 'vault'), {
      passphrase: 'bench',
      author: 'bench',
      kdfLimits: { opslimit: 2, memlimit: 64 * 1024 * 1024 }
    })
    log(`${executablePath}, ${url}; 1 warm-up and ${runs} runs each, alternating`)
    await bareMinimum(browser, url)
    await dalelCapture(captureBrowser, url)
    await dalelRecorded(service, captureBrowser, url)
    for (let run = 1; run <= runs; run++) {
      // Alternating the order spreads any drift (caches, CPU frequency) over all three.
      const order =
        run % 2 === 0
          ? (['bare', 'dalel', 'recorded'] as const)
          : (['recorded', 'dalel', 'bare'] as const)
      for (const which of order) {
        const ms =
          which === 'bare'
            ? await bareMinimum(browser, url)
            : which === 'dalel'
              ? await dalelCapture(captureBrowser, url)
              : await dalelRecorded(service, captureBrowser, url)
        times[which].push(ms)
      }
      log(
        `run ${run}: bare ${last(times.bare)} ms, dalel ${last(times.dalel)} ms, recorded ${last(times.recorded)} ms`
      )
    }
  } finally {
    await service.lock()
    await captureBrowser.close()
    server.close()
    await rm(dir, { recursive: true, force: true })
  }

  const bare = median(times.bare)
  const range = (list: number[]): string =>
    `${Math.min(...list).toFixed(0)}–${Math.max(...list).toFixed(0)} ms`
  const measurements: Measurement[] = [
    {
      id: 'C1',
      name: `one capture of a fixture article (engine: every file in memory), median of ${runs}`,
      value: median(times.dalel),
      unit: 'ms',
      baseline: bare,
      baselineName: 'navigate + full-page PNG + MHTML',
      ratio: median(times.dalel) / bare,
      target: `≤ ${TARGET}×`,
      pass: median(times.dalel) / bare <= TARGET,
      note: `engine ${range(times.dalel)}, bare minimum ${range(times.bare)}; the same Chromium (${executablePath}), a fresh context each, alternating order`
    },
    {
      id: 'C2',
      name: `one capture recorded (encrypted, fsynced), median of ${runs}`,
      value: median(times.recorded),
      unit: 'ms',
      baseline: bare,
      baselineName: 'navigate + full-page PNG + MHTML',
      ratio: median(times.recorded) / bare,
      note: `VaultService.captureWeb, ${range(times.recorded)}; informative, no target`
    }
  ]
  return { measurements, details: { executablePath, runs, times } }
}
