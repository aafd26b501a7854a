import { createHash } from 'node:crypto'
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ElectronApplication, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keyFingerprint } from '../../src-main/common/crypto/keyFingerprint'
import { translate } from '../../src-main/common/i18n/translate'
import type { Locale, MessageKey, MessageParams } from '../../src-main/common/i18n/translate'
import { BACKUP_MANIFEST } from '../../src-main/node/backup/backupManifest'
import { tempDir } from '../../src-main/node/testing/testVault'
import {
  ELECTRON_SKIP_REASON,
  answerDialogs,
  electronSuiteName,
  launchDalelApp
} from './launchDalelApp'

/**
 * Issue 11's flows in the desktop app itself, walked in Kazakh through its screens: files
 * dropped from the file system (the preload reads their paths; a file the page made up has
 * none), a saved copy of an attachment, an export with the fingerprint, a backup to a chosen
 * folder, and settings that outlive a restart of the app. The system dialogs answer as the
 * journalist would (answerDialogs); everything behind them is the real app: preload, IPC,
 * the main process's grants, the service, the files on disk.
 */

const PASSPHRASE = 'Тұз бен нан — 2026 / electron'
const LANGUAGE_BUTTON: Record<Locale, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' }

describe.skipIf(ELECTRON_SKIP_REASON !== null)(
  electronSuiteName("issue 11's flows in the desktop app"),
  () => {
    let app: ElectronApplication
    let page: Page
    let dir = ''
    let remove: () => Promise<void> = () => Promise.resolve()
    let lang: Locale = 'kk'
    const t = (key: MessageKey, params?: MessageParams) => translate(lang, key, params)
    const heading = (key: MessageKey, params?: MessageParams): Locator =>
      page.getByRole('heading', { level: 1, name: t(key, params) })
    const button = (key: MessageKey, params?: MessageParams): Locator =>
      page.getByRole('button', { name: t(key, params), exact: true })
    const field = (label: string): Locator => page.getByLabel(label, { exact: true })
    const nav = (key: MessageKey): Locator =>
      page.getByRole('navigation', { name: t('ui.nav.label') }).getByRole('button', {
        name: new RegExp(`^${t(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)
      })
    const language = async (to: Locale) => {
      lang = to
      await page.getByRole('button', { name: LANGUAGE_BUTTON[to], exact: true }).click()
      await page.waitForFunction((l) => document.documentElement.lang === l, to)
    }
    const photos = { first: '', second: '' }
    const bytes = { first: Buffer.alloc(200_000, 7), second: Buffer.from('тінту хаттамасы, 2-бет') }
    let fileSeq = 0

    beforeAll(async () => {
      ;({ path: dir, remove } = await tempDir('dalel-electron-flows-'))
      photos.first = join(dir, 'хаттама-1.jpg')
      photos.second = join(dir, 'хаттама-2.txt')
      await writeFile(photos.first, bytes.first)
      await writeFile(photos.second, bytes.second)
      ;({ app, page } = await launchDalelApp(dir))
      // The vault is made through the bridge; the flows below are walked on the screens.
      const created = await page.evaluate(
        async ({ path, passphrase }) =>
          (await window.dalel?.createVault({ path, passphrase }))?.ok ?? false,
        { path: join(dir, 'қойма'), passphrase: PASSPHRASE }
      )
      expect(created).toBe(true)
      await page.reload()
      await language('kk')
      await heading('ui.timeline.title').waitFor()
    }, 120_000)

    afterAll(async () => {
      await app.close()
      await remove()
    })

    it('attaches files dropped from the file system; a file the page made up is left out', async () => {
      // Files with a place on disk, as a drop from the file manager gives them: Playwright
      // sets them on a file input (the browser's own File objects, with their paths), and
      // the page drops them together with one it made itself, which has no path.
      await page.evaluate(() => {
        const input = document.createElement('input')
        input.type = 'file'
        input.multiple = true
        input.id = 'e2e-drop-source'
        input.hidden = true
        document.body.append(input)
      })
      await page.setInputFiles('#e2e-drop-source', [photos.first, photos.second])
      await page.evaluate(() => {
        const input = document.querySelector<HTMLInputElement>('#e2e-drop-source')
        const transfer = new DataTransfer()
        for (const file of input?.files ?? []) transfer.items.add(file)
        transfer.items.add(new File(['made up'], 'жасанды.txt'))
        input?.remove()
        document
          .querySelector('main')
          ?.dispatchEvent(
            new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true })
          )
      })
      await heading('ui.attach.title').waitFor()
      await page.getByText(t('ui.attach.count', { count: 2 })).waitFor()
      await page.getByText(t('ui.attach.dropSkipped', { count: 1 })).waitFor()
      await field(t('field.title')).fill('Тінту хаттамасы')
      await button('ui.attach.submit').click()
      await page.getByRole('heading', { level: 1, name: 'Тінту хаттамасы' }).waitFor()

      const recorded = await page.evaluate(async () => {
        const listed = await window.dalel?.list({ kinds: ['file'] })
        return listed?.ok === true ? listed.value : []
      })
      expect(recorded).toHaveLength(1)
      fileSeq = recorded[0]?.seq ?? 0
      expect(recorded[0]?.entry?.attachments.map((a) => [a.name, a.size])).toEqual([
        ['хаттама-1.jpg', bytes.first.length],
        ['хаттама-2.txt', bytes.second.length]
      ])
    })

    it('saves a copy of an attachment where the dialog says, and asks before replacing it', async () => {
      const saveAs = join(dir, 'көшірме.txt')
      const name = 'хаттама-2.txt'
      const save = page.getByRole('button', { name: t('ui.entry.saveCopyOf', { name }) })
      expect(await page.locator('section.attachments .notice.warning').textContent()).toBe(
        t('ui.entry.copyWarning')
      )
      // Cancelled in the dialog: nothing written, nothing said.
      await answerDialogs(app, {})
      await save.click()
      await page.waitForFunction(
        () => document.querySelector('section.attachments button[disabled]') === null
      )
      expect(await page.getByRole('alert').count()).toBe(0)
      await expect(stat(saveAs)).rejects.toMatchObject({ code: 'ENOENT' })

      await answerDialogs(app, { save: [saveAs, saveAs] })
      await save.click()
      await page
        .getByRole('status')
        .getByText(t('ui.entry.copySaved', { name, path: saveAs }))
        .waitFor()
      expect((await readFile(saveAs)).equals(bytes.second)).toBe(true)

      // Again to the same file: a question, and the file untouched until the answer.
      await writeFile(saveAs, 'changed meanwhile')
      await save.click()
      const question = page.getByRole('alert')
      await question.getByText(t('ui.entry.copyExists', { path: saveAs })).waitFor()
      expect(await readFile(saveAs, 'utf8')).toBe('changed meanwhile')
      await question.getByRole('button', { name: t('ui.export.replace') }).click()
      await page
        .getByRole('status')
        .getByText(t('ui.entry.copySaved', { name, path: saveAs }))
        .waitFor()
      expect((await readFile(saveAs)).equals(bytes.second)).toBe(true)

      // A path no dialog returned, sent by the page itself: refused, nothing written.
      const elsewhere = join(dir, 'таңдалмаған.txt')
      const answer = await page.evaluate(
        ([seq, out]) => window.dalel?.saveAttachment({ seq, index: 1, out }),
        [fileSeq, elsewhere] as const
      )
      expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
      await expect(stat(elsewhere)).rejects.toMatchObject({ code: 'ENOENT' })
    })

    it('exports every entry to the file the dialog chose and shows its SHA-256 and the fingerprint', async () => {
      const bundle = join(dir, 'адвокатқа.zip')
      await nav('ui.nav.export').click()
      await heading('ui.export.title').waitFor()
      await field(t('ui.entries.search')).fill('Тінту')
      await button('ui.export.find').click()
      await page.getByText(t('ui.export.found', { count: 1 })).waitFor()
      await button('ui.export.chooseAllFound', { count: 1 }).click()
      await page.getByText(t('ui.export.chosen', { count: 1 })).waitFor()
      await field(t('ui.export.recipient')).fill('Адвокат Ермеков')
      await answerDialogs(app, { save: [bundle] })
      await button('ui.export.chooseFile').click()
      await page.getByText(bundle, { exact: true }).waitFor()
      await page.getByRole('button', { name: t('ui.export.submit', { count: 1 }) }).click()
      await heading('ui.exportDone.title').waitFor({ timeout: 120_000 })

      const sha256 = createHash('sha256')
        .update(await readFile(bundle))
        .digest('hex')
      await page.getByText(sha256, { exact: true }).waitFor()
      const publicKey = await page.evaluate(async () => {
        const status = await window.dalel?.status()
        return status?.ok === true ? (status.value?.publicKey ?? '') : ''
      })
      const fingerprint = keyFingerprint(publicKey, (b) => createHash('sha256').update(b).digest())
      expect(fingerprint).not.toBe('')
      expect(await field(t('ui.exportDone.fingerprint')).textContent()).toBe(fingerprint)
      // The bundle the app wrote checks as a lawyer's copy of Dalel would check it (the
      // check takes only a bundle its own dialog returned).
      await answerDialogs(app, { open: [[bundle]] })
      const checked = await page.evaluate(async (path) => {
        const dalel = window.dalel
        if (dalel === undefined) return null
        await dalel.chooseBundle()
        const result = await dalel.verifyBundle({ path })
        return result.ok ? result.value.ok : result.error.code
      }, bundle)
      expect(checked).toBe(true)
    }, 180_000)

    it('backs up to a folder chosen in the dialog, checked, and shows when it was done', async () => {
      const usb = join(dir, 'usb')
      await mkdir(usb)
      await nav('ui.nav.backup').click()
      await heading('ui.backup.title').waitFor()
      await page.getByText(t('ui.backup.never')).waitFor()
      await answerDialogs(app, { open: [[usb]] })
      await button('ui.backup.chooseFolder').click()
      await page.locator('.notice.success').getByText(t('ui.backup.doneNext')).waitFor({
        timeout: 120_000
      })
      const status = await page.evaluate(async () => {
        const answer = await window.dalel?.backupStatus()
        return answer?.ok === true ? answer.value : null
      })
      expect(status?.last?.target).toBe(usb)
      expect((await stat(join(usb, BACKUP_MANIFEST))).isFile()).toBe(true)
      expect(await page.getByRole('alert').count()).toBe(0)
    }, 180_000)

    it('keeps the settings and the language across a restart, and the menu speaks the language', async () => {
      await nav('ui.nav.settings').click()
      await heading('ui.settings.title').waitFor()
      await field(t('ui.settings.autoLock')).fill('abc')
      await button('ui.settings.save').click()
      expect(await page.getByRole('alert').textContent()).toBe(t('ui.settings.badMinutes'))
      // Not the defaults (10 and 7), so the restart below shows what was kept.
      await field(t('ui.settings.autoLock')).fill('25')
      await field(t('ui.settings.backupDays')).fill('14')
      await button('ui.settings.save').click()
      await page.getByText(t('ui.settings.saved')).waitFor()

      // Russian, chosen in Settings: the page and the app's menu both follow.
      await field(t('app.language')).selectOption('ru')
      lang = 'ru'
      await page.waitForFunction(() => document.documentElement.lang === 'ru')
      await heading('ui.settings.title').waitFor()
      await expect
        .poll(() =>
          app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.map((item) => item.label))
        )
        .toContain(t('desktop.menu.capture'))

      // The app restarts: it opens locked, in Russian, and the saved numbers are still there.
      await app.close()
      ;({ app, page } = await launchDalelApp(dir))
      await heading('ui.unlock.title').waitFor()
      await field(t('ui.passphrase')).fill(PASSPHRASE)
      await button('ui.unlock.submit').click()
      await heading('ui.timeline.title').waitFor()
      await nav('ui.nav.settings').click()
      await heading('ui.settings.title').waitFor()
      expect(await field(t('ui.settings.autoLock')).inputValue()).toBe('25')
      expect(await field(t('ui.settings.backupDays')).inputValue()).toBe('14')
      const userData = await app.evaluate(({ app: electronApp }) => electronApp.getPath('userData'))
      expect(userData.startsWith(dir)).toBe(true)
      expect(JSON.parse(await readFile(join(userData, 'settings.json'), 'utf8'))).toMatchObject({
        language: 'ru',
        autoLockMinutes: 25,
        backupWarningDays: 14
      })
    }, 180_000)
  }
)
