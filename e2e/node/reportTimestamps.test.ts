import { execFileSync, spawnSync } from 'node:child_process'
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locale } from '../../src-main/common/i18n/translate'
import { findChromium } from '../../src-main/node/capture/findChromium'
import { launchChromium } from '../../src-main/node/capture/launchChromium'
import { exportBundle } from '../../src-main/node/bundle/exportBundle'
import { bundleExtraFiles } from '../../src-main/node/bundle/report/bundleExtraFiles'
import type { LocalTsa, TsaPki } from '../../src-main/node/testing/localTsa'
import { makeTsaPki, removeTsaPki, startLocalTsa } from '../../src-main/node/testing/localTsa'
import { createTestVault, steppingClock, tempDir } from '../../src-main/node/testing/testVault'
import { readZip } from '../../src-main/node/testing/zipTestTools'
import { timestampVault } from '../../src-main/node/timestamp/timestampVault'
import type { CaptureBrowser } from '../../src-main/node/ports/CdpTransport'
import type { Vault } from '../../src-main/node/vault/Vault'

/**
 * report.pdf of a bundle whose entries a local RFC 3161 authority stamped, all but the last:
 * each entry says which timestamp covers it or that none does, and the appendix says what a
 * timestamp proves. Pages land as PNG in test-results/report-timestamps/ to be looked at.
 */
const chromium = await findChromium(process.env)
const hasPoppler = ['pdftoppm', 'pdftotext'].every(
  (tool) => spawnSync(tool, ['-v']).error === undefined
)
const OUT = join(process.cwd(), 'test-results', 'report-timestamps')

describe.skipIf(chromium === null || !hasPoppler)(
  'trusted timestamps in report.pdf (skipped without Chromium or poppler-utils)',
  () => {
    let dir: { path: string; remove: () => Promise<void> }
    let pki: TsaPki
    let tsa: LocalTsa
    let vault: Vault
    let browser: CaptureBrowser
    let coveredSeq: number
    let laterSeq: number
    const texts = new Map<Locale, string>()

    beforeAll(async () => {
      await rm(OUT, { recursive: true, force: true })
      await mkdir(OUT, { recursive: true })
      execFileSync(process.execPath, ['scripts/build-verify-page.mjs'])
      dir = await tempDir('dalel-report-ts-')
      pki = await makeTsaPki()
      tsa = await startLocalTsa(pki)
      vault = (await createTestVault(join(dir.path, 'vault'))).vault
      await vault.append({ kind: 'note', title: 'Звонок с угрозой', payload: { body: '21:40' } })
      await vault.append({ kind: 'note', title: 'Второй звонок', payload: {} })
      const stamped = await timestampVault(vault, {
        authorities: [tsa.url],
        trustedCas: [pki.rootPem]
      })
      expect(stamped.anchor).not.toBeNull()
      coveredSeq = stamped.covered.seq
      laterSeq = (await vault.append({ kind: 'note', title: 'Ещё не покрыта', payload: {} })).seq
      browser = await launchChromium({ executablePath: chromium ?? '' })
      for (const locale of ['ru', 'kk', 'en'] as const) {
        const out = join(dir.path, `bundle-${locale}.zip`)
        await exportBundle(
          vault,
          {
            out,
            entries: [1, 2, laterSeq],
            locale,
            extraFiles: bundleExtraFiles({ browser, timeZone: 'Asia/Aqtobe' })
          },
          { clock: steppingClock('2026-12-01T10:00:00.000Z') }
        )
        const pdf = (await readZip(out)).find((f) => f.name === 'report.pdf')?.bytes
        if (pdf === undefined) throw new Error('no report.pdf')
        const path = join(OUT, `report-${locale}.pdf`)
        await writeFile(path, pdf)
        execFileSync('pdftoppm', ['-png', '-r', '60', path, join(OUT, `${locale}-page`)])
        texts.set(locale, execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }))
      }
    }, 180_000)
    afterAll(async () => {
      await browser.close()
      await vault.close()
      await tsa.close()
      await removeTsaPki(pki)
      await dir.remove()
    })

    /** The text of one entry's pages: from its heading to the next heading or the appendix. */
    function entryText(text: string, heading: string, next: string): string {
      const from = text.indexOf(heading)
      expect(from, heading).toBeGreaterThanOrEqual(0)
      const to = text.indexOf(next, from + heading.length)
      return text.slice(from, to < 0 ? undefined : to).replace(/\s+/g, ' ')
    }

    it('names, per disclosed entry, the timestamp that covers it or says none does', () => {
      const en = texts.get('en') ?? ''
      for (const seq of [1, 2]) {
        const text = entryText(en, `Entry #${seq}:`, 'Entry #')
        expect(text).toContain('Trusted timestamp')
        expect(text).toMatch(/Existed no later than [A-Z][a-z]+ \d+, 20\d\d, \d\d:\d\d \(UTC\+5\):/)
        expect(text).toContain('CN=Dalel Test TSA, O=Dalel tests (127.0.0.1:')
        expect(text).toContain(`timestamps/${coveredSeq}.txt`)
      }
      const later = entryText(en, `Entry #${laterSeq}:`, 'Appendix')
      expect(later).toContain('Not covered by a trusted timestamp')
      expect(later).not.toContain('Existed no later than')
    })

    it('says in the appendix what a timestamp proves, with the openssl command, in ru and kk too', () => {
      const en = (texts.get('en') ?? '').replace(/\s+/g, ' ')
      expect(en).toContain('5. When the entries existed: trusted timestamps')
      expect(en).toContain('It does not prove when each entry was first written')
      expect(en).toContain(
        `openssl ts -verify -data timestamps/${coveredSeq}.txt -in timestamps/${coveredSeq}.1.tsr`
      )
      // the token's time exactly, to compare with `openssl ts -reply -text`
      expect(en).toMatch(
        new RegExp(
          `# timestamps/${coveredSeq}\\.txt: genTime 20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d`
        )
      )
      const ru = (texts.get('ru') ?? '').replace(/\s+/g, ' ')
      expect(ru).toContain('Существовала не позднее')
      expect(ru).toContain('Доверенной метки времени нет')
      expect(ru).toContain('5. Когда записи существовали: доверенные метки времени')
      const kk = (texts.get('kk') ?? '').replace(/\s+/g, ' ')
      expect(kk).toContain('кешіктірмей болған')
      expect(kk).toContain('Сенімді уақыт белгісі жоқ')
    })

    it('renders every page as an image', async () => {
      const pages = (await readdir(OUT)).filter((f) => f.endsWith('.png'))
      expect(pages.filter((p) => p.startsWith('ru-page')).length).toBeGreaterThanOrEqual(3)
    })
  }
)
