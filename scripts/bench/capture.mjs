// Dalel's web-capture benchmark: one capture of a fixture article by Dalel's engine, against
// the bare minimum a capture needs — Playwright navigating to the same page, taking a
// full-page screenshot and an MHTML snapshot — in the same run, on the same browser.
// Target: Dalel's capture takes at most 1.5× the bare minimum (median of the runs).
//
//   node scripts/bench/capture.mjs [--runs=N] [--browser=PATH]
//
// Needs a system Chromium (chromium, chromium-browser or google-chrome on PATH, DALEL_CHROMIUM,
// or --browser). Prints progress on stderr and the table on stdout, writes
// bench-results/capture.json, and exits 1 when the target is missed. run.mjs calls
// runCaptureBench (--only=capture) and puts its rows in its own table.
import { mkdirSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { bundleForBench, formatTable, log, median, nowMs } from './benchUtil.mjs'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const TARGET = 1.5

// ── Dalel's code, bundled as the CLI is (dependencies stay in node_modules) ──────────────────

async function bundle() {
  const outfile = await bundleForBench({
    name: 'captureLib.mjs',
    contents: [
      "export { capturePage } from './src-main/node/capture/capturePage'",
      "export { launchChromium } from './src-main/node/capture/launchChromium'",
      "export { findChromium } from './src-main/node/capture/findChromium'",
      "export { encodePng } from './src-main/node/capture/png'",
      "export { VaultService } from './src-main/node/services/VaultService'"
    ].join('\n')
  })
  return import(pathToFileURL(outfile).href)
}

// ── the fixture: a news article of about five screens, with pictures, CSS and a script ──────

function fixturePage(lib) {
  const images = new Map()
  const colours = [
    [200, 40, 40],
    [40, 120, 200],
    [30, 160, 90],
    [220, 170, 30],
    [120, 60, 160],
    [90, 90, 90]
  ]
  colours.forEach(([r, g, b], i) => {
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
    images.set(`/img/${i}.png`, lib.encodePng({ width, height, channels: 3, pixels }))
  })
  const paragraph = (i) =>
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
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const send = (type, body) => {
      res.writeHead(200, { 'Content-Type': type })
      res.end(body)
    }
    if (path === '/article') return send('text/html; charset=utf-8', html)
    if (path === '/style.css') return send('text/css', css)
    if (path === '/app.js') return send('text/javascript', js)
    const image = images.get(path)
    if (image !== undefined) return send('image/png', image)
    res.writeHead(404)
    res.end()
  }
}

// ── the two measurements ────────────────────────────────────────────────────────────────────

/** The bare minimum: navigate, full-page screenshot, MHTML; a fresh context as Dalel uses. */
async function bareMinimum(browser, url) {
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
const tool = { name: 'Dalel', version: 'bench' }

/** Dalel's engine: redirects followed, settled, lazy content scrolled in, every file made. */
async function dalelCapture(lib, captureBrowser, url) {
  const start = nowMs()
  const page = await captureBrowser.openPage()
  const capture = await lib.capturePage(
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
async function dalelRecorded(service, captureBrowser, url) {
  const start = nowMs()
  await service.captureWeb([url], { browser: captureBrowser, toolVersion: 'bench' })
  return nowMs() - start
}

// ── the run ─────────────────────────────────────────────────────────────────────────────────

/**
 * @param {{ runs?: number, browser?: string, baseDir?: string }} options
 * @returns {Promise<{ measurements: object[], details: object }>} rejects when there is no
 *   Chromium
 */
export async function runCaptureBench(options = {}) {
  const runs = options.runs ?? 7
  const lib = await bundle()
  const executablePath = await lib.findChromium(process.env, options.browser)
  if (executablePath === null)
    throw new Error('no Chromium found: install chromium, or pass --browser=PATH or DALEL_CHROMIUM')
  // One browser for both: the bare minimum drives the same Playwright browser directly.
  const captureBrowser = await lib.launchChromium({ executablePath })
  const browser = captureBrowser.playwright
  const server = createServer(fixturePage(lib))
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${server.address().port}/article`
  const dir = await mkdtemp(join(options.baseDir ?? tmpdir(), 'dalel-bench-capture-'))
  const service = new lib.VaultService({ clock })

  const times = { bare: [], dalel: [], recorded: [] }
  try {
    await service.createVault(join(dir, 'vault'), {
      passphrase: 'bench',
      author: 'bench',
      kdfLimits: { opslimit: 2, memlimit: 64 * 1024 * 1024 }
    })
    log(`${executablePath}, ${url}; 1 warm-up and ${runs} runs each, alternating`)
    await bareMinimum(browser, url)
    await dalelCapture(lib, captureBrowser, url)
    await dalelRecorded(service, captureBrowser, url)
    for (let run = 1; run <= runs; run++) {
      // Alternating the order spreads any drift (caches, CPU frequency) over all three.
      const order = run % 2 === 0 ? ['bare', 'dalel', 'recorded'] : ['recorded', 'dalel', 'bare']
      for (const which of order) {
        const ms =
          which === 'bare'
            ? await bareMinimum(browser, url)
            : which === 'dalel'
              ? await dalelCapture(lib, captureBrowser, url)
              : await dalelRecorded(service, captureBrowser, url)
        times[which].push(ms)
      }
      log(
        `run ${run}: bare ${times.bare.at(-1).toFixed(0)} ms, dalel ${times.dalel.at(-1).toFixed(0)} ms, recorded ${times.recorded.at(-1).toFixed(0)} ms`
      )
    }
  } finally {
    await service.lock()
    await captureBrowser.close()
    server.close()
    await rm(dir, { recursive: true, force: true })
  }

  const bare = median(times.bare)
  const range = (list) => `${Math.min(...list).toFixed(0)}–${Math.max(...list).toFixed(0)} ms`
  const measurements = [
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

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2)
  const option = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
  let result
  try {
    result = await runCaptureBench({
      runs: Number(option('runs') ?? 7),
      browser: option('browser'),
      baseDir: process.env.DALEL_BENCH_DIR
    })
  } catch (error) {
    console.error(String(error?.message ?? error))
    process.exit(2)
  }
  const { measurements, details } = result
  console.log(formatTable(measurements))
  for (const m of measurements) if (m.note) console.log(`  ${m.id}: ${m.note}`)
  console.log(`ratio ${measurements[0].ratio.toFixed(2)}× (target ≤ ${TARGET}×)`)
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true })
  writeFileSync(
    join(ROOT, 'bench-results', 'capture.json'),
    `${JSON.stringify({ date: new Date().toISOString(), ...details, measurements }, null, 2)}\n`
  )
  process.exitCode = measurements[0].pass ? 0 : 1
}
