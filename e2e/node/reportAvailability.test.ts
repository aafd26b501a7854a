import { execFileSync, spawnSync } from 'node:child_process'
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { translate } from '../../src-main/common/i18n/translate'
import { findChromium } from '../../src-main/node/capture/findChromium'
import { launchChromium } from '../../src-main/node/capture/launchChromium'
import type { CaptureBrowser } from '../../src-main/node/ports/CdpTransport'
import { VaultService } from '../../src-main/node/services/VaultService'
import { TEST_KDF, TEST_PASSPHRASE, tempDir } from '../../src-main/node/testing/testVault'
import { readZip } from '../../src-main/node/testing/zipTestTools'
import { AvailabilityServer } from '../fixtures/AvailabilityServer'

/**
 * A bundle of one address's capture, its probes and its rechecks, as a lawyer receives it:
 * verify-bundle passes, and report.pdf has the address's availability table (every look,
 * the outages summarised) instead of a page per probe. The pages land as PNG in
 * test-results/report-availability/ to be looked at.
 */
const chromium = await findChromium(process.env)
const hasPoppler = ['pdftoppm', 'pdftotext'].every(
  (tool) => spawnSync(tool, ['-v']).error === undefined
)
const OUT = join(process.cwd(), 'test-results', 'report-availability')
const ru = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) =>
  translate('ru', key, params)

describe.skipIf(chromium === null || !hasPoppler)(
  'the availability section of a bundle (skipped without Chromium or poppler-utils)',
  () => {
    const site = new AvailabilityServer()
    const service = new VaultService({ clock: { now: () => new Date() } })
    let dir: { path: string; remove: () => Promise<void> }
    let browser: CaptureBrowser
    let zip = ''
    let text = ''
    const seqs: { probes: number[]; rechecks: number[] } = { probes: [], rechecks: [] }

    beforeAll(async () => {
      await rm(OUT, { recursive: true, force: true })
      await mkdir(OUT, { recursive: true })
      execFileSync(process.execPath, ['scripts/build-verify-page.mjs'])
      dir = await tempDir('dalel-report-availability-')
      await site.start()
      browser = await launchChromium({ executablePath: chromium ?? '' })
      await service.createVault(join(dir.path, 'vault'), {
        passphrase: TEST_PASSPHRASE,
        author: 'Айгерим Сапарова',
        kdfLimits: TEST_KDF
      })
      const run = { toolVersion: '0.1.0-test', timeoutMs: 10_000 }
      const [capture] = await service.captureWeb([site.url], { ...run, browser })
      const probe = async () => {
        const [view] = await service.probeWeb([site.url], { ...run, timeoutMs: 3000 })
        seqs.probes.push(view?.seq ?? 0)
      }
      const recheck = async () => {
        const [view] = await service.recheckWeb([String(capture?.seq)], { ...run, browser })
        seqs.rechecks.push(view?.seq ?? 0)
      }
      // Up, then a DDoS (503), then no server at all, a recheck while down, then back.
      await probe()
      await site.setMode({ status: 503 })
      await probe()
      await site.setMode('refuse')
      await probe()
      await recheck()
      await site.setMode('ok')
      await probe()
      await recheck()
      zip = join(dir.path, 'bundle.zip')
      await service.exportBundle({ out: zip, entries: 'all', locale: 'ru', browser })
      const pdf = (await readZip(zip)).find((f) => f.name === 'report.pdf')?.bytes
      if (pdf === undefined) throw new Error('no report.pdf')
      const path = join(OUT, 'report-ru.pdf')
      await writeFile(path, pdf)
      execFileSync('pdftoppm', ['-png', '-r', '60', path, join(OUT, 'ru-page')])
      text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
    }, 240_000)
    afterAll(async () => {
      await browser.close()
      await service.lock()
      await site.close()
      await dir.remove()
    })

    it('passes verify-bundle with every probe and recheck disclosed', async () => {
      const report = await service.verifyBundle(zip)
      expect(report.problems).toEqual([])
      expect(report.ok).toBe(true)
      for (const seq of [...seqs.probes, ...seqs.rechecks]) expect(report.entries).toContain(seq)
    })

    it("puts the address's looks in one availability table, outages summarised", () => {
      expect(text).toContain(ru('report.availability.heading'))
      expect(text).toContain(site.url)
      // The capture, four probes and two rechecks: seven looks; the 503, the refused probe
      // and the recheck while refused failed.
      expect(text).toContain(
        ru('report.availability.looksValue', { total: 7, failed: 3, share: '42,9' })
      )
      expect(text).toContain(ru('report.availability.longestOutage'))
      expect(text).toContain(ru('probeOutcome.http-error', { status: 503 }))
      expect(text).toContain(ru('probeOutcome.refused'))
      // Rows are numbered as ru numbers entries: «№3», not "#3".
      expect(text).toContain(`№${seqs.probes[1]} `)
      expect(text).not.toMatch(new RegExp(`# ${seqs.probes[1]} `))
    })

    it('renders the pages as images', async () => {
      const pages = (await readdir(OUT)).filter((f) => f.endsWith('.png'))
      expect(pages.length).toBeGreaterThanOrEqual(2)
    })
  }
)
