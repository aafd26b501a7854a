import { execFileSync, spawnSync } from 'node:child_process'
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locale } from '../../src-main/common/i18n/translate'
import type { CaptureBrowser } from '../../src-main/node/ports/CdpTransport'
import { findChromium } from '../../src-main/node/capture/findChromium'
import { launchChromium } from '../../src-main/node/capture/launchChromium'
import { exportBundle } from '../../src-main/node/bundle/exportBundle'
import { bundleExtraFiles } from '../../src-main/node/bundle/report/bundleExtraFiles'
import { keyFingerprint } from '../../src-main/node/bundle/report/renderReport'
import {
  HOSTILE_TITLE,
  KAZAKH_LETTERS,
  capturePayload,
  drawPng,
  makeReportVault
} from '../../src-main/node/testing/reportFixture'
import type { StoredEntry } from '../../src-main/node/vault/Vault'
import { decodePng, encodePng } from '../../src-main/node/media/png'
import type { ReportFixture } from '../../src-main/node/testing/reportFixture'
import { readZip } from '../../src-main/node/testing/zipTestTools'
import { steppingClock, tempDir } from '../../src-main/node/testing/testVault'
import { toHex } from '../../src-main/common/encoding/hex'

/**
 * report.pdf as a lawyer receives it: a real vault, exported with the report hook, printed
 * by a system Chromium over the DevTools protocol, then read back with poppler's pdftoppm
 * and pdftotext. Page images land in test-results/report-pdf/ for a person to look at.
 */
const chromium = await findChromium(process.env)
const hasPoppler = ['pdftoppm', 'pdftotext', 'pdfinfo'].every(
  (tool) => spawnSync(tool, ['-v']).error === undefined
)
const OUT = join(process.cwd(), 'test-results', 'report-pdf')

let dir: { path: string; remove: () => Promise<void> }
let fx: ReportFixture
let browser: CaptureBrowser
/** a capture of a page that fit its window: both screenshots the same pixels, other bytes */
let short: StoredEntry
/** a capture of a page 9 000 pixels tall */
let tall: StoredEntry
/** rows of the tall page: every sixth text line differs, so each part is its own picture */
const TALL = { width: 1280, height: 9000 }
const pdfs = new Map<
  Locale,
  { path: string; pages: number; text: string; pageTexts: string[]; head: string }
>()

async function exportIn(locale: Locale) {
  const out = join(dir.path, `bundle-${locale}.zip`)
  await exportBundle(
    fx.vault,
    {
      out,
      entries: [
        fx.note,
        fx.incident,
        fx.photos,
        fx.capture,
        fx.amendment,
        fx.custody,
        short,
        tall
      ].map((e) => e.seq),
      recipient: 'Гүлнар Омарова, адвокат',
      // The Kazakh bundle states no purpose: the cover shows one dash for it.
      purpose: locale === 'kk' ? '' : 'Сотқа дәлел / доказательства для суда',
      locale,
      // Aqtobe keeps UTC+5 all year (Almaty's offset changed in 2024).
      extraFiles: bundleExtraFiles({ browser, timeZone: 'Asia/Aqtobe' })
    },
    { clock: steppingClock('2026-03-02T10:00:00.000Z') }
  )
  const files = await readZip(out)
  const pdf = files.find((f) => f.name === 'report.pdf')?.bytes
  const manifest = files.find((f) => f.name === 'manifest.json')?.bytes
  if (pdf === undefined || manifest === undefined) throw new Error('no report.pdf in the bundle')
  const head = (JSON.parse(manifest.toString('utf8')) as { head: { chain: string } }).head.chain
  const path = join(OUT, `report-${locale}.pdf`)
  await writeFile(path, pdf)
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' })
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0)
  const pageTexts: string[] = []
  for (let page = 1; page <= pages; page++)
    pageTexts.push(
      execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', path, '-'], {
        encoding: 'utf8'
      })
    )
  pdfs.set(locale, { path, pages, text: pageTexts.join('\f'), pageTexts, head })
}

/** A web capture of the fixture's page with these screenshots. */
async function appendCapture(
  title: string,
  full: Buffer | Uint8Array,
  viewport: Buffer | Uint8Array
) {
  const size = decodePng(full)
  return fx.vault.append(
    {
      kind: 'web-capture',
      title,
      payload: {
        ...capturePayload('2026-03-01T10:00:00.000Z'),
        page: { width: size.width, height: size.height }
      }
    },
    [
      {
        bytes: Buffer.from(full),
        name: 'page-full.png',
        role: 'screenshot-full',
        mediaType: 'image/png'
      },
      {
        bytes: Buffer.from(viewport),
        name: 'page-viewport.png',
        role: 'screenshot-viewport',
        mediaType: 'image/png'
      }
    ]
  )
}

/** Each image drawn in the PDF (pdfimages -list): its page, pixel size and resolution there. */
function pdfImages(path: string): { page: number; width: number; height: number; ppi: number }[] {
  const list = execFileSync('pdfimages', ['-list', path], { encoding: 'utf8' })
  return list
    .split('\n')
    .slice(2)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols[2] === 'image')
    .map((cols) => ({
      page: Number(cols[0]),
      width: Number(cols[3]),
      height: Number(cols[4]),
      ppi: Number(cols[12])
    }))
}

/** The pages (1-based) of entry №seq's section: from its heading to the next section's. */
function pagesOf(pageTexts: readonly string[], seq: number): number[] {
  const heading = pageTexts.map((t) => /^\s*(№\d+ жазба|Қосымша)/.exec(t)?.[1])
  const first = heading.indexOf(`№${seq} жазба`)
  if (first < 0) return []
  let end = first + 1
  while (end < pageTexts.length && heading[end] === undefined) end++
  return Array.from({ length: end - first }, (_, k) => first + k + 1)
}

/** Text with every run of whitespace removed: long hashes wrap across lines in the PDF. */
function squeezed(text: string): string {
  return text.replace(/\s+/g, '')
}

describe.skipIf(chromium === null || !hasPoppler)(
  'report.pdf printed by Chromium (skipped without a Chromium on PATH or DALEL_CHROMIUM, or without poppler-utils)',
  () => {
    beforeAll(async () => {
      dir = await tempDir('dalel-report-')
      await rm(OUT, { recursive: true, force: true })
      await mkdir(OUT, { recursive: true })
      // The export adds verify.html too, which a fresh checkout has not built yet.
      execFileSync(process.execPath, ['scripts/build-verify-page.mjs'])
      fx = await makeReportVault(join(dir.path, 'vault'))
      short = await appendCapture(
        'Қысқа бет',
        fx.screenshots.viewport,
        // the same pixels, encoded again: other bytes, one picture
        encodePng(decodePng(fx.screenshots.viewport))
      )
      tall = await appendCapture(
        'Ұзын бет',
        drawPng(TALL.width, TALL.height, (x, y) =>
          y % 120 < 60 && x > 40 && x < TALL.width - 40 - ((y * 13) % 400)
            ? [40, 40, 40]
            : [250, 250, 250]
        ),
        fx.screenshots.viewport
      )
      browser = await launchChromium({ executablePath: chromium ?? '' })
      await exportIn('kk')
      await exportIn('ru')
    }, 120_000)
    afterAll(async () => {
      await browser.close()
      await fx.vault.close()
      await dir.remove()
    })

    it('has a cover page, one page or more per entry, and the appendix', async () => {
      const kk = pdfs.get('kk')
      expect(kk).toBeDefined()
      if (kk === undefined) return
      // pdftoppm renders every page; its count must be the document's.
      execFileSync('pdftoppm', ['-png', '-r', '60', kk.path, join(OUT, 'kk-page')])
      const images = (await readdir(OUT)).filter(
        (f) => f.startsWith('kk-page') && f.endsWith('.png')
      )
      expect(images.length).toBe(kk.pages)
      // 1 cover + 8 entries, each from a new page + the appendix, and a page for each part of
      // the two tall screenshots (3 + 6); the certificate makes the captures longer, but
      // nothing runs away.
      expect(kk.pages).toBeGreaterThanOrEqual(19)
      expect(kk.pages).toBeLessThanOrEqual(32)
      const firstLines = kk.pageTexts.map((t) => t.trim().split('\n')[0] ?? '')
      for (const entry of [fx.note, fx.incident, fx.photos, fx.capture, fx.amendment, fx.custody])
        expect(
          firstLines.some((line) => line.includes(`№${entry.seq} жазба`)),
          `#${entry.seq}`
        ).toBe(true)
      expect(kk.pageTexts[0]).toContain('Дәлелдер туралы есеп')
      expect(kk.pageTexts.at(-1)).toContain('Қосымша: бұл пакетті қалай тексеруге болады')
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '60',
        pdfs.get('ru')?.path ?? '',
        join(OUT, 'ru-page')
      ])
    })

    it('prints one picture when the viewport and the full page are the same, and a tall page in legible parts, a page each', () => {
      const kk = pdfs.get('kk')
      if (kk === undefined) throw new Error('no kk report')
      const images = pdfImages(kk.path)
      const on = (pages: number[]) => images.filter((i) => pages.includes(i.page))
      // The page that fit its window: one picture, and the caption names both files.
      const shortPages = pagesOf(kk.pageTexts, short.seq)
      expect(shortPages.length).toBeGreaterThan(0)
      expect(on(shortPages)).toHaveLength(1)
      expect(squeezed(shortPages.map((p) => kk.pageTexts[p - 1]).join(''))).toContain(
        squeezed('дәл осындай пикселдерден тұрады')
      )
      // The tall page: the viewport, then six parts of 1 500 rows at the page's full width
      // (1 280 pixels over 180 mm: about 181 pixels to the inch, where the whole strip
      // shrunk to one page had over 1 000), each part on a page of its own.
      const tallPages = pagesOf(kk.pageTexts, tall.seq)
      const drawn = on(tallPages)
      expect(drawn).toHaveLength(7)
      const parts = drawn.filter((i) => i.height === 1500)
      expect(parts).toHaveLength(6)
      for (const part of parts) {
        expect(part.width).toBe(TALL.width)
        expect(part.ppi).toBeGreaterThan(170)
        expect(part.ppi).toBeLessThan(190)
      }
      expect(new Set(parts.map((p) => p.page)).size).toBe(6)
      for (let k = 1; k <= 6; k++) {
        const page = tallPages.find((p) => kk.pageTexts[p - 1]?.includes(`${k}-бөлік, барлығы 6`))
        expect(page, `part ${k}`).toBeDefined()
        expect(
          parts.some((i) => i.page === page),
          `part ${k} on its page`
        ).toBe(true)
      }
      const ru = pdfs.get('ru')?.text ?? ''
      for (let k = 1; k <= 6; k++) expect(ru).toContain(`часть ${k} из 6`)
    })

    it('prints one dash for every empty value', () => {
      for (const locale of ['kk', 'ru'] as const) {
        const text = pdfs.get(locale)?.text ?? ''
        // what an empty value used to print besides the dash
        expect(text).not.toMatch(/не указано|көрсетілмеген|\?×\?/)
        expect(text).not.toMatch(/—\s*[,;(]\s*—/)
      }
      // the Kazakh bundle's purpose, not given
      expect(pdfs.get('kk')?.pageTexts[0]).toMatch(/Мақсаты\s+—\n/)
    })

    it('prints Kazakh and Russian text, the head hash and the key fingerprint', () => {
      const kk = pdfs.get('kk')?.text ?? ''
      for (const letter of KAZAKH_LETTERS) expect(kk, letter).toContain(letter)
      expect(kk).toContain('Гүлнар Омарова, адвокат')
      expect(kk).toContain('Обыск начался в 6 утра')
      const head = pdfs.get('kk')?.head ?? ''
      expect(head).toMatch(/^[0-9a-f]{64}$/)
      expect(squeezed(kk)).toContain(head)
      expect(squeezed(kk)).toContain(squeezed(keyFingerprint(toHex(fx.vault.publicKey))))
      expect(kk).toMatch(/1-бет, барлығы \d+/)
      const ru = pdfs.get('ru')?.text ?? ''
      expect(ru).toContain('Отчёт о доказательствах')
      expect(ru).toContain('Приложение: как проверить этот пакет')
      expect(ru).toMatch(/Страница 1 из \d+/)
    })

    it('shows the key as its fingerprint only, and each certificate date on one line', () => {
      const key = toHex(fx.vault.publicKey)
      for (const locale of ['kk', 'ru'] as const) {
        const { text = '', pageTexts = [] } = pdfs.get(locale) ?? {}
        // The raw key, which a reader cannot compare by eye, is for the tools (public-key.pem).
        expect(squeezed(text)).not.toContain(key)
        expect(pageTexts[0]).not.toMatch(/Ed25519/)
        expect(squeezed(pageTexts[0] ?? '')).toContain(squeezed(keyFingerprint(key)))
        // Every certificate's validity, both dates as a reader reads them and each whole on
        // one line: none cut between its day, month, year, time and zone.
        const label = locale === 'kk' ? 'Жарамдылығы' : 'Действителен'
        const printed = text.split(label).length - 1
        expect(printed).toBeGreaterThan(0)
        const [from, to] =
          locale === 'kk'
            ? ['2026 ж. 1 қаңтар, 05:00 (UTC+5)', '2027 ж. 1 қаңтар, 04:59 (UTC+5)']
            : ['1 января 2026 г., 05:00 (UTC+5)', '1 января 2027 г., 04:59 (UTC+5)']
        const lines = text.split('\n').map((line) => line.replace(/\u00a0/g, ' '))
        expect(lines.filter((line) => line.includes(from))).toHaveLength(printed)
        expect(lines.filter((line) => line.includes(to))).toHaveLength(printed)
        expect(text).not.toContain('2026-01-01T00:00:00.000Z')
      }
    })

    it('prints a hostile title as text, and no entry that was not disclosed', () => {
      const kk = pdfs.get('kk')?.text ?? ''
      expect(kk).toContain('<script>alert("x")</script>')
      expect(squeezed(kk)).toContain(squeezed(HOSTILE_TITLE))
      expect(kk).not.toContain('SECRET')
    })

    it('prints every field of the incident and the capture’s URL and time under its screenshot', () => {
      const kk = pdfs.get('kk')?.text ?? ''
      for (const value of [
        'Серік Әлиев',
        'ҰҚК Алматы бойынша департаменті',
        'Постановление о производстве обыска № 123',
        'флешка 32 ГБ',
        'Ахмет Нұрланов',
        'Петров В.'
      ])
        expect(squeezed(kk)).toContain(squeezed(value))
      expect(squeezed(kk)).toContain(
        squeezed(
          'https://news.example.kz/kk/article/42 — тіркелген уақыты 2026 ж. 1 наурыз, 09:03 (UTC)'
        )
      )
      expect(kk).toContain('TLS 1.3')
    })
  }
)
