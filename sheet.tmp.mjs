import { chromium } from 'playwright-core'
import { readFileSync, writeFileSync } from 'node:fs'
const [,, out, width, ...files] = process.argv
const imgs = files.map((f) => `<figure><img src="data:image/png;base64,${readFileSync(f).toString('base64')}"><figcaption>${f.split('/').pop()}</figcaption></figure>`).join('')
const html = `<style>body{margin:0;display:flex;flex-wrap:wrap;gap:6px;background:#888}figure{margin:0;width:${width}px}img{width:100%}figcaption{font:12px sans-serif;color:#fff}</style>${imgs}`
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
const p = await b.newPage({ viewport: { width: 1600, height: 900 } })
await p.setContent(html)
await p.screenshot({ path: out, fullPage: true })
await b.close()
