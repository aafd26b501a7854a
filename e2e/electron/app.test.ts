import { once } from 'node:events'
import { mkdir } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { ElectronApplication, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { METHOD_NAMES } from '../../src-main/common/contract/DalelApi'
import { translate } from '../../src-main/common/i18n/translate'
import type { MessageKey, MessageParams } from '../../src-main/common/i18n/translate'
import { CONTENT_SECURITY_POLICY } from '../../src-main/electron-main/appResponseHeaders'
import { tempDir } from '../../src-main/node/testing/testVault'
import {
  ELECTRON_SKIP_REASON,
  answerDialogs,
  electronSuiteName,
  launchDalelApp
} from './launchDalelApp'

/**
 * The built desktop app in Electron, driven by Playwright: what the page can reach, what the
 * main process installed, and a round trip through the real IPC. Runs where the Electron
 * binary was downloaded (node_modules/electron/dist) and a display exists; elsewhere it says
 * why it is skipped.
 */

describe.skipIf(ELECTRON_SKIP_REASON !== null)(
  electronSuiteName('the desktop app in Electron'),
  () => {
    let app: ElectronApplication
    let page: Page
    let dir = ''
    let remove: () => Promise<void> = () => Promise.resolve()

    beforeAll(async () => {
      ;({ path: dir, remove } = await tempDir('dalel-electron-'))
      ;({ app, page } = await launchDalelApp(dir))
    }, 90_000)

    afterAll(async () => {
      await app.close()
      await remove()
    })

    it('shows the bundled UI from app://, never file://', () => {
      expect(page.url()).toBe('app://dalel/index.html')
    })

    it('gives the page exactly window.dalel and no Node', async () => {
      const seen = await page.evaluate(() => ({
        keys: Object.keys(window.dalel ?? {}).sort(),
        require: typeof (globalThis as Record<string, unknown>).require,
        process: typeof (globalThis as Record<string, unknown>).process,
        module: typeof (globalThis as Record<string, unknown>).module
      }))
      expect(seen).toEqual({
        keys: [...METHOD_NAMES, 'on', 'version'].sort(),
        require: 'undefined',
        process: 'undefined',
        module: 'undefined'
      })
    })

    it('runs the window in the in-memory app session, apart from the capture session', async () => {
      const sessions = await app.evaluate(({ BrowserWindow, session }) => {
        const contents = BrowserWindow.getAllWindows()[0]?.webContents
        return {
          persistent: contents?.session.isPersistent(),
          appSession: contents?.session === session.fromPartition('dalel-app'),
          captureSession:
            contents?.session === session.fromPartition('dalel-capture') ||
            contents?.session === session.fromPartition('persist:capture')
        }
      })
      expect(sessions).toEqual({ persistent: false, appSession: true, captureSession: false })
    })

    it('serves every app:// response with the CSP and no-store', async () => {
      const headers = await app.evaluate(async ({ BrowserWindow }) => {
        const session = BrowserWindow.getAllWindows()[0]?.webContents.session
        const response = await session?.fetch('app://dalel/index.html')
        const missing = await session?.fetch('app://dalel/../../etc/passwd')
        return {
          csp: response?.headers.get('content-security-policy'),
          cache: response?.headers.get('cache-control'),
          missing: missing?.status,
          missingCsp: missing?.headers.get('content-security-policy')
        }
      })
      expect(headers).toEqual({
        csp: CONTENT_SECURITY_POLICY,
        cache: 'no-store',
        missing: 404,
        missingCsp: CONTENT_SECURITY_POLICY
      })
    })

    it('lets no request leave the page: fetch and images to a local server never arrive', async () => {
      let hits = 0
      const server = createServer((_request, response) => {
        hits += 1
        response.end('leaked')
      })
      server.listen(0, '127.0.0.1')
      await once(server, 'listening')
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
      try {
        const outcome = await page.evaluate(async (target) => {
          let fetched = 'fetched'
          try {
            await fetch(target)
          } catch {
            fetched = 'blocked'
          }
          const image = await new Promise<string>((resolve) => {
            const img = new Image()
            img.onload = () => {
              resolve('loaded')
            }
            img.onerror = () => {
              resolve('blocked')
            }
            img.src = `${target}pixel.png`
          })
          return { fetched, image }
        }, url)
        expect(outcome).toEqual({ fetched: 'blocked', image: 'blocked' })
        expect(hits).toBe(0)
      } finally {
        server.close()
      }
    })

    it('opens no window and does not navigate away', async () => {
      const opened = await page.evaluate(() => window.open('about:blank') === null)
      expect(opened).toBe(true)
      await page.evaluate(() => {
        window.location.href = 'file:///etc/passwd'
      })
      await page.waitForTimeout(500)
      expect(page.url()).toBe('app://dalel/index.html')
      expect(app.windows()).toHaveLength(1)
    })

    it('answers the contract over IPC: validation, a vault, a note, a lock with its event', async () => {
      const vault = join(dir, 'vault')
      const outcome = await page.evaluate(async (path) => {
        const dalel = window.dalel
        if (dalel === undefined) throw new Error('no window.dalel')
        const locked: unknown[] = []
        const off = dalel.on('locked', (payload) => locked.push(payload))
        const status = await dalel.status()
        const bad = await (
          dalel.unlock as (arg: unknown) => Promise<{ ok: boolean; error?: { code: string } }>
        )({ path: 5 })
        const created = await dalel.createVault({ path, passphrase: 'a long test passphrase' })
        const note = await dalel.addNote({ title: 'Обыск в редакции' })
        const lock = await dalel.lock()
        await new Promise((resolve) => setTimeout(resolve, 200))
        off()
        return {
          status,
          bad: bad.ok ? 'ok' : bad.error?.code,
          created: created.ok,
          note: note.ok ? note.value.kind : note.error.code,
          lock: lock.ok,
          locked
        }
      }, vault)
      expect(outcome).toEqual({
        status: { ok: true, value: null },
        bad: 'invalid-input',
        created: true,
        note: 'note',
        lock: true,
        locked: [{ reason: 'user' }]
      })
    })

    it('hands over through its own dialogs only: export, verify a bundle, back up and restore', async () => {
      // The system dialogs answer as the journalist would; the page can only use what they return.
      const picked = {
        bundle: join(dir, 'пакет.zip'),
        unpicked: join(dir, 'not-chosen.zip'),
        backup: join(dir, 'usb'),
        parent: join(dir, 'new-laptop')
      }
      await mkdir(picked.backup)
      await mkdir(picked.parent)
      await answerDialogs(app, {
        save: [picked.bundle],
        open: [[picked.backup], [picked.bundle], [picked.backup], [picked.parent]]
      })
      const outcome = await page.evaluate(
        async ({ paths, vault }) => {
          const dalel = window.dalel
          if (dalel === undefined) throw new Error('no window.dalel')
          const code = (result: { ok: boolean; error?: { code: string } }) =>
            result.ok ? 'ok' : (result.error?.code ?? '?')
          const progress: unknown[] = []
          const off = dalel.on('exportProgress', (event) => progress.push(event))
          await dalel.createVault({ path: vault, passphrase: 'a long test passphrase' })
          await dalel.addNote({ title: 'Звонок из акимата' })
          const unpicked = await dalel.exportBundle({ out: paths.unpicked, entries: 'all' })
          const saveAs = await dalel.chooseSaveFile({ purpose: 'export', name: 'пакет.zip' })
          const exported = await dalel.exportBundle({ out: paths.bundle, entries: 'all' })
          const again = await dalel.exportBundle({ out: paths.bundle, entries: 'all' })
          const replaced = await dalel.exportBundle({
            out: paths.bundle,
            entries: 'all',
            overwrite: true
          })
          // Chosen for export, the zip is not thereby chosen for anything else.
          const verifyUnpicked = await dalel.verifyBundle({ path: paths.bundle })
          const backupFolder = await dalel.chooseFolder({ purpose: 'backup' })
          const chosenBundle = await dalel.chooseBundle()
          const verified = await dalel.verifyBundle({ path: paths.bundle })
          const backedUp = await dalel.backup({ dir: paths.backup })
          const status = await dalel.backupStatus()
          // Locking forgets every choice: the restore asks for the backup folder again.
          await dalel.lock()
          await dalel.chooseFolder({ purpose: 'backup' })
          const parent = await dalel.chooseFolder({ purpose: 'vault' })
          const restored = await dalel.restore({
            backupDir: paths.backup,
            vaultDir: `${paths.parent}/restored`,
            secret: { passphrase: 'a long test passphrase' }
          })
          off()
          return {
            unpicked: code(unpicked),
            saveAs: saveAs.ok ? saveAs.value : null,
            exported: code(exported),
            fingerprint: exported.ok
              ? /^([0-9a-f]{4} ){15}[0-9a-f]{4}$/.test(exported.value.fingerprint)
              : false,
            again: code(again),
            replaced: code(replaced),
            verifyUnpicked: code(verifyUnpicked),
            backupFolder: backupFolder.ok ? backupFolder.value : null,
            chosenBundle: chosenBundle.ok ? chosenBundle.value : null,
            verified: verified.ok ? verified.value.ok : false,
            backedUp: code(backedUp),
            lastTarget: status.ok ? (status.value.last?.target ?? null) : null,
            parent: parent.ok ? parent.value : null,
            restored: restored.ok ? restored.value.path : code(restored),
            progress: progress.length > 0
          }
        },
        { paths: picked, vault: join(dir, 'vault-hand-over') }
      )
      expect(outcome).toEqual({
        unpicked: 'invalid-input',
        saveAs: picked.bundle,
        exported: 'ok',
        fingerprint: true,
        again: 'bundle-exists',
        replaced: 'ok',
        verifyUnpicked: 'invalid-input',
        backupFolder: picked.backup,
        chosenBundle: picked.bundle,
        verified: true,
        backedUp: 'ok',
        lastTarget: picked.backup,
        parent: picked.parent,
        restored: `${picked.parent}/restored`,
        progress: true
      })
    })

    it('locks to a screen that names the vault, not its path, and helps type the passphrase', async () => {
      const t = (key: MessageKey, params?: MessageParams) => translate('en', key, params)
      await page.evaluate(async () => {
        await window.dalel?.lock()
      })
      await page.reload()
      await page.getByRole('button', { name: 'English', exact: true }).click()
      await page.getByRole('heading', { level: 1, name: t('ui.unlock.title') }).waitFor()
      // The last vault by its folder's name; no path of this test's folders on the screen.
      const name = (await page.locator('.vault-name p').textContent()) ?? ''
      expect(name).toMatch(/^Vault: [^/]+$/)
      expect((await page.locator('body').textContent()) ?? '').not.toContain(dir)
      expect(await page.getByLabel(t('ui.vaultFolder'), { exact: true }).count()).toBe(0)

      // A passphrase typed in the Cyrillic layout is named as such, never shown.
      const passphrase = page.getByLabel(t('ui.passphrase'), { exact: true })
      await passphrase.fill('құпия')
      await page.getByText(t('ui.unlock.layout.cyrillic')).waitFor()
      await passphrase.dispatchEvent('keydown', { key: 'A', modifierCapsLock: true })
      await page.getByText(t('ui.unlock.capsLock')).waitFor()
      await passphrase.press('Shift')
      expect(await page.getByText(t('ui.unlock.capsLock')).count()).toBe(0)

      await passphrase.fill('a long test passphrase')
      await page.getByText(t('ui.unlock.layout.latin')).waitFor()
      await page.getByRole('button', { name: t('ui.unlock.submit'), exact: true }).click()
      await page.getByRole('heading', { level: 1, name: t('ui.timeline.title') }).waitFor()

      // The vault check over the real IPC: a verdict in words.
      await page
        .getByRole('navigation', { name: t('ui.nav.label') })
        .getByRole('button', { name: new RegExp(`^${t('ui.nav.verify')}`) })
        .click()
      await page.getByRole('button', { name: t('ui.verify.run'), exact: true }).click()
      await page.locator('.verdict.success').waitFor()
      expect(await page.locator('ul.problems').count()).toBe(0)
    })
  }
)
