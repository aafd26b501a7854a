import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import type { BackupIo } from '../../src-main/node/backup/backupIo'
import { nodeBackupIo } from '../../src-main/node/backup/backupIo'
import { DalelError } from '../../src-main/common/errors/DalelError'
import { translate } from '../../src-main/common/i18n/translate'
import type { MessageKey } from '../../src-main/common/i18n/translate'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_PASSPHRASE } from '../../src-main/node/testing/testVault'
import { TEST_CHROMIUM, suiteName } from '../fixtures/captureTestKit'
import { WebHarness } from './webHarness'

const RU_CATALOG = JSON.parse(readFileSync('resources/locales/ru.json', 'utf8')) as Record<
  string,
  string
>

/** The fingerprint as a lawyer would compute it by hand: SHA-256 of the raw key, in fours. */
function fingerprintOf(publicKeyHex: string): string {
  const digest = createHash('sha256').update(Buffer.from(publicKeyHex, 'hex')).digest('hex')
  return (digest.match(/.{4}/g) ?? []).join(' ')
}

/**
 * Handing evidence over, in the app against the real services, walked in Russian: export a
 * bundle of entries found by a filter in the timeline (amendments taken along, a warning
 * when one is left out, "replace?" before an existing file is touched), and the result with
 * the file's SHA-256 and the key fingerprint. Each screen shot in kk, ru and en and checked
 * by axe-core.
 */
describe.skipIf(TEST_CHROMIUM === null)(suiteName('hand over and keep safe (e2e/web)'), () => {
  let saveAs = ''
  let bundleToCheck = ''
  const folders = { backup: '', vault: '', export: '' }
  /**
   * How far the service's clock is from the real one: the vault is made ten days ago, so the
   * backup reminder is due today without waiting (the page's own clock stays the real one).
   */
  let shift = -10 * 86_400_000
  /** the next backup finds the drive full */
  let diskFull = false
  const failingIo: BackupIo = {
    ...nodeBackupIo,
    async createExclusive(path) {
      const inner = await nodeBackupIo.createExclusive(path)
      return {
        ...inner,
        write: async (chunk) => {
          if (diskFull) throw new DalelError('disk-full', { path })
          await inner.write(chunk)
        },
        sync: () => inner.sync(),
        close: () => inner.close()
      }
    }
  }
  const h: WebHarness = new WebHarness(
    'ru',
    {
      // The system dialogs, as the journalist and the lawyer would answer them.
      chooseSaveFile: () => Promise.resolve(saveAs),
      chooseBundle: () => Promise.resolve(bundleToCheck),
      chooseFolder: (purpose) => Promise.resolve(folders[purpose])
    },
    {
      clock: { now: () => new Date(Date.now() + shift) },
      listDrives: () => Promise.resolve([{ path: join(h.dir, 'usb'), label: 'KINGSTON' }]),
      backupIo: failingIo
    }
  )
  const { t } = h

  beforeAll(async () => {
    // Every bundle carries verify.html, which a fresh checkout has not built yet.
    if (!existsSync('resources/bundle/verify.html'))
      execFileSync(process.execPath, ['scripts/build-verify-page.mjs'])
    await h.start()
    saveAs = join(h.dir, 'пакет для адвоката.zip')
    await h.createVault('хранилище', 'Айгерим Сапарова')
    await h.service.addIncident({
      title: 'Обыск в редакции',
      type: 'search',
      occurredAt: '2026-03-01T02:00:00.000Z',
      place: 'Алматы, пр. Абая 10',
      tags: ['обыск']
    })
    await h.service.addNote({ title: 'Личный телефон соседа', body: 'номер телефона' })
    await h.service.addNote({ title: 'Звонок из акимата', tags: ['угроза'] })
    await h.service.amend({
      target: '1',
      reason: 'Номер дома записан неверно',
      place: 'Алматы, пр. Абая 12'
    })
  })

  afterAll(async () => {
    await h.stop()
  })

  it('exports the entries a filter finds, with their amendments, asks before replacing a file, and shows the fingerprint', async () => {
    const { page, service } = h
    const alert = () => page.getByRole('alert')
    await page.goto(`${h.origin}/`)
    await h.language('ru')
    await h.heading('ui.timeline.title').waitFor()

    // From the timeline: the incidents, handed to the export screen already chosen.
    await page.getByText(t('ui.timeline.filters')).click()
    await h.field(t('field.kind')).selectOption('incident')
    await page.getByText(t('ui.entries.count', { count: 1 })).waitFor()
    await h.button('ui.timeline.exportThese').click()
    await h.heading('ui.export.title').waitFor()
    await page.getByText(t('ui.export.chosen', { count: 1 })).waitFor()

    // One more entry, found by its words and picked by hand.
    await h.field(t('field.kind')).selectOption('')
    await h.field(t('ui.entries.search')).fill('Звонок')
    await h.button('ui.export.find').click()
    await page.getByText(t('ui.export.found', { count: 1 })).waitFor()
    await page.getByRole('checkbox', { name: /Звонок из акимата/ }).check()
    await page.getByText(t('ui.export.chosen', { count: 2 })).waitFor()

    // Leaving the amendments out names the entry whose correction stays behind...
    await page.getByLabel(t('ui.export.withAmendments')).uncheck()
    await page
      .getByText(t('ui.export.amendmentLeftOut', { seq: '№1', by: '№4' }), { exact: true })
      .waitFor()
    await h.field(t('ui.export.recipient')).fill('Адвокат Ермеков')
    await h.field(t('ui.export.purpose')).fill('Жалоба на незаконный обыск')
    await h.shoot('export')
    // ...and one button takes them along again.
    await h.button('ui.export.takeAmendments').click()
    expect(await page.getByLabel(t('ui.export.withAmendments')).isChecked()).toBe(true)
    expect(await alert().count()).toBe(0)

    // No file chosen yet: said in words, nothing written.
    await page.getByRole('button', { name: t('ui.export.submit', { count: 2 }) }).click()
    expect(await alert().textContent()).toBe(t('ui.export.noFile'))

    // The file exists already: the app asks, and until the answer the old file is untouched.
    await writeFile(saveAs, 'a bundle already handed over')
    await h.button('ui.export.chooseFile').click()
    await page.getByText(saveAs, { exact: true }).waitFor()
    await page.getByRole('button', { name: t('ui.export.submit', { count: 2 }) }).click()
    await page.getByText(t('ui.export.exists', { path: saveAs })).waitFor()
    expect(await readFile(saveAs, 'utf8')).toBe('a bundle already handed over')
    expect(service.list({ kinds: ['custody'] })).toHaveLength(0)
    await h.button('ui.export.replace').click()

    // Done: the file, its SHA-256 and the fingerprint, as a lawyer would compute them.
    await h.heading('ui.exportDone.title').waitFor()
    const bytes = await readFile(saveAs)
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    await page.getByText(sha256, { exact: true }).waitFor()
    const fingerprint = fingerprintOf(service.summary().publicKey)
    expect(
      await page.getByLabel(t('ui.exportDone.fingerprint'), { exact: true }).textContent()
    ).toBe(fingerprint)
    await page.getByText('sha256sum -c SHA256SUMS', { exact: false }).waitFor()
    const report = await service.verifyBundle(saveAs)
    expect(report.ok).toBe(true)
    // The incident, the note, and the amendment that corrects the incident.
    expect(report.manifest?.entries.map((e) => e.seq)).toEqual([1, 3, 4])
    expect(report.manifest?.recipient).toBe('Адвокат Ермеков')
    const custody = service.list({ kinds: ['custody'] })[0]?.entry
    expect(custody?.kind === 'custody' ? custody.payload.sha256 : null).toBe(sha256)
    expect(h.events.log.some(({ event }) => event === 'exportProgress')).toBe(true)
    await h.shoot('export-done')
    expect(h.pageErrors).toEqual([])
  }, 240_000)

  it('verifies a bundle without a vault, from the unlock screen: one verdict, each problem in words', async () => {
    const { page, service } = h
    const fingerprint = fingerprintOf(service.summary().publicKey)
    const expected = await service.verifyBundle(saveAs)
    bundleToCheck = saveAs
    await h.button('ui.lock').click()
    await h.heading('ui.unlock.title').waitFor()
    await h.button('ui.verifyBundle.fromStart').click()
    await h.heading('ui.verifyBundle.title').waitFor()
    await h.button('ui.verifyBundle.choose').click()
    await page.locator('.verdict.success').waitFor()
    expect(await page.locator('.verdict').textContent()).toBe(
      t('ui.verifyBundle.ok', { entries: '3', files: String(expected.files), seq: '№4' })
    )
    expect(
      await page.getByLabel(t('ui.exportDone.fingerprint'), { exact: true }).textContent()
    ).toBe(fingerprint)
    await page
      .getByText(t('ui.verifyBundle.entry', { seq: '№1', kind: t('kind.incident'), files: '0' }))
      .waitFor()
    await page.getByText('Адвокат Ермеков', { exact: true }).waitFor()
    expect(service.isUnlocked()).toBe(false)
    await h.shoot('verify-bundle')

    // One byte changed on the way: the verdict says so, and every problem is a sentence.
    const bytes = await readFile(saveAs)
    const middle = Math.floor(bytes.length / 2)
    bytes[middle] = (bytes[middle] ?? 0) ^ 0xff
    bundleToCheck = join(h.dir, 'изменённый пакет.zip')
    await writeFile(bundleToCheck, bytes)
    await h.button('ui.verifyBundle.choose').click()
    await page.locator('.verdict.error').waitFor()
    const problems = await page.locator('ul.problems').first().locator('li').allTextContents()
    expect(problems.length).toBeGreaterThan(0)
    const sentences = Object.keys(RU_CATALOG)
      .filter((key) => key.startsWith('bundleProblem.'))
      .map((key) => translate('ru', key as MessageKey))
    // Each a sentence: where, then what (capitalised when nothing says where), a full stop.
    for (const line of problems)
      expect(
        sentences.some((sentence) =>
          line.toLocaleLowerCase('ru').endsWith(`${sentence.toLocaleLowerCase('ru')}.`)
        ),
        line
      ).toBe(true)
    // The verdict keeps its distance from the button above it (the red one touched it).
    const gap = await page.evaluate(() => {
      const button = document.querySelector('.bundle-check .file-row button')
      const verdict = document.querySelector('.verdict.error')
      return (
        (verdict?.getBoundingClientRect().top ?? 0) - (button?.getBoundingClientRect().bottom ?? 0)
      )
    })
    expect(gap).toBeGreaterThanOrEqual(12)
    await h.shoot('verify-bundle-failed')
    await h.button('ui.verifyBundle.back').click()
    await h.heading('ui.unlock.title').waitFor()
    expect(h.pageErrors).toEqual([])
  }, 240_000)

  it('reminds after the set days, backs up to a removable drive (a full disk loses nothing), and restores into a new folder', async () => {
    const { page, service, events } = h
    const alert = () => page.getByRole('alert')
    const reminder = () =>
      page.getByRole('complementary', { name: t('ui.backup.reminderLabel'), exact: true })
    const vaultPath = join(h.dir, 'хранилище')
    await mkdir(join(h.dir, 'usb'))
    // Ten days on, and never backed up: the banner asks on every screen.
    shift = 0
    await service.unlock(vaultPath, { passphrase: TEST_PASSPHRASE })
    await page.reload()
    await h.heading('ui.timeline.title').waitFor()
    await reminder()
      .getByText(t('ui.backup.reminderNever', { days: '7' }))
      .waitFor()
    await h.shoot('backup-reminder')
    await reminder()
      .getByRole('button', { name: t('ui.backup.now') })
      .click()
    await h.heading('ui.backup.title').waitFor()
    await page.getByText(t('ui.backup.driveNever')).waitFor()
    const entriesBefore = service.summary().entries

    // The drive is full: said in words, with what that means; the vault is intact.
    diskFull = true
    await page.getByRole('button', { name: t('ui.backup.toDrive', { drive: 'KINGSTON' }) }).click()
    await alert().waitFor()
    const failure = (await alert().textContent()) ?? ''
    for (const part of RU_CATALOG['error.disk-full']?.split('{path}') ?? [])
      expect(failure).toContain(part)
    expect(failure).toContain(t('ui.backup.nothingLost'))
    expect((await service.verify()).ok).toBe(true)
    expect(service.backupStatus(7).last).toBeNull()

    // Room again: the backup is written, read back and checked.
    diskFull = false
    await page.getByRole('button', { name: t('ui.backup.toDrive', { drive: 'KINGSTON' }) }).click()
    await page.locator('.notice.success').getByText(t('ui.backup.doneNext')).waitFor()
    const backupDir = join(h.dir, 'usb', 'Dalel', service.summary().vaultId)
    expect((await service.verifyBackup(backupDir)).ok).toBe(true)
    expect(service.backupStatus(7)).toMatchObject({ last: { target: backupDir }, due: false })
    expect(events.log.some(({ event }) => event === 'backupProgress')).toBe(true)
    await page.getByText(t('ui.backup.driveLast')).waitFor()
    expect(await alert().count()).toBe(0)
    await h.shoot('backup')
    // The sidebar shows where the person is: its item for the backup screen (low in the list,
    // below the sidebar's fold at 1024×700) is scrolled into the part inside the window.
    const current = await page.evaluate(() => {
      const nav = document.querySelector('nav.sidebar') as HTMLElement
      const box = nav.querySelector('[aria-current="page"]')?.getBoundingClientRect()
      const area = nav.getBoundingClientRect()
      return {
        top: (box?.top ?? -1) - Math.max(area.top, 0),
        bottom: Math.min(area.bottom, window.innerHeight) - (box?.bottom ?? Infinity)
      }
    })
    expect(current.top, JSON.stringify(current)).toBeGreaterThanOrEqual(0)
    expect(current.bottom, JSON.stringify(current)).toBeGreaterThanOrEqual(0)
    // More items below the fold: the sidebar's bottom edge fades (it was cut with no sign),
    // the fade stands at the edge inside the window, and the current item stays above it.
    const fade = async (shown: boolean) => {
      await page.waitForFunction(
        (opacity) => {
          const element = document.querySelector('nav.sidebar .sidebar-fade')
          return element !== null && getComputedStyle(element).opacity === opacity
        },
        shown ? '1' : '0'
      )
      return page.evaluate(() => {
        const nav = document.querySelector('nav.sidebar') as HTMLElement
        const item = nav.querySelector('[aria-current="page"]')?.getBoundingClientRect()
        const box = (nav.querySelector('.sidebar-fade') as HTMLElement).getBoundingClientRect()
        const area = nav.getBoundingClientRect()
        return {
          more: nav.scrollTop + nav.clientHeight < nav.scrollHeight - 1,
          edge: Math.min(area.bottom, window.innerHeight) - box.bottom,
          height: box.height,
          aboveItem: box.top - (item?.bottom ?? Infinity)
        }
      })
    }
    for (const language of ['kk', 'ru', 'en'] as const) {
      await h.language(language)
      const below = await fade(true)
      expect(below, `${language}: ${JSON.stringify(below)}`).toMatchObject({ more: true })
      expect(Math.abs(below.edge), `${language}: ${JSON.stringify(below)}`).toBeLessThan(1)
      expect(below.height).toBeGreaterThan(20)
      expect(below.aboveItem, `${language}: ${JSON.stringify(below)}`).toBeGreaterThanOrEqual(0)
    }
    // Scrolled to its end, nothing is below: no fade over the last lines.
    await page.evaluate(() => {
      const nav = document.querySelector('nav.sidebar') as HTMLElement
      nav.scrollTop = nav.scrollHeight
    })
    expect(await fade(false)).toMatchObject({ more: false })
    await h.language(h.walk)
    await h.nav('ui.nav.timeline').click()
    await h.heading('ui.timeline.title').waitFor()
    expect(await reminder().count()).toBe(0)
    const backedUp = service.summary().entries

    // A new laptop: the backup on the drive, its passphrase, a new folder.
    await h.nav('ui.nav.restore').click()
    await h.heading('ui.restore.title').waitFor()
    await h.button('ui.restore.submit').click()
    expect(await alert().textContent()).toBe(t('ui.restore.needBackup'))
    folders.backup = backupDir
    folders.vault = join(h.dir, 'новый ноутбук')
    await mkdir(folders.vault)
    await page
      .getByRole('group', { name: t('ui.restore.step1') })
      .getByRole('button')
      .click()
    await page.getByText(backupDir, { exact: true }).waitFor()
    await h.field(t('ui.passphrase')).fill('не та фраза')
    await page
      .getByRole('group', { name: t('ui.restore.step3') })
      .getByRole('button')
      .click()
    const target = join(folders.vault, 'Dalel')
    await page.getByText(t('ui.restore.target', { path: target })).waitFor()
    await h.button('ui.restore.submit').click()
    await alert().waitFor()
    expect(await alert().textContent()).toBe(t('error.wrong-passphrase'))
    await h.field(t('ui.passphrase')).fill(TEST_PASSPHRASE)
    // What went wrong goes as soon as the person types again.
    expect(await alert().count()).toBe(0)
    // Each step's heading sits inside its box, in every language: on the border, a heading
    // longer than the box wrapped into it with the border cut behind its first line.
    for (const language of ['kk', 'ru'] as const) {
      await h.language(language)
      const legends = await page.locator('.group > legend').evaluateAll((all) =>
        all.map((legend) => {
          const box = legend.parentElement?.getBoundingClientRect()
          return {
            text: legend.textContent,
            below: legend.getBoundingClientRect().top - (box?.top ?? 0)
          }
        })
      )
      expect(legends.length).toBe(3)
      for (const legend of legends)
        expect(legend.below, `${language}: ${legend.text}`).toBeGreaterThanOrEqual(8)
    }
    await h.language('ru')
    await h.shoot('restore')
    await h.button('ui.restore.submit').click()
    await h.heading('ui.restore.doneTitle').waitFor()
    expect(service.summary().path).toBe(target)
    // Everything up to the backup, then the restore's own record.
    expect(service.summary().entries).toBe(backedUp + 1)
    expect(backedUp).toBeGreaterThan(entriesBefore)
    expect((await service.verify()).ok).toBe(true)
    await h.shoot('restore-done')
    await h.button('ui.exportDone.home').click()
    await h.heading('ui.timeline.title').waitFor()
    expect(h.pageErrors).toEqual([])
  }, 240_000)
})
