import { existsSync, watch } from 'node:fs'
import type { FSWatcher } from 'node:fs'
import { mkdir, stat, statfs } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { ElectronApplication, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CaptureFixtures } from '../fixtures/captureFixtureServer'
import { filesContaining } from '../fixtures/captureTestKit'
import { TMPFS_MAGIC, findRamTempParent } from '../../src-main/node/capture/ramTempParent'
import { makeTestPki } from '../../src-main/node/testing/testCertificates'
import { tempDir } from '../../src-main/node/testing/testVault'
import {
  ELECTRON_SKIP_REASON,
  answerDialogs,
  electronSuiteName,
  launchDalelApp
} from './launchDalelApp'

/**
 * The app's captures and report.pdf run in Electron's own browser process, which writes a
 * page's whole MHTML and the print stream to temporary files for a moment (capture README,
 * "What touches the disk"). Here the OS temp dir the app is started with is a folder of the
 * test's, watched while the app captures and exports: with a roomy RAM /dev/shm nothing of
 * Chromium's may appear in it, and its temporary files must pass through the app's private
 * RAM directory instead.
 */

const ram = await findRamTempParent()
/** The name Chromium gives its temporary files (base::CreateTemporaryFile). */
const CHROMIUM_TEMP_FILE = /^\.org\.chromium\.Chromium\./

/** The names that appeared in `dir` while watched (inotify: even a file gone at once). */
function watchNames(dir: string): { names: string[]; watcher: FSWatcher } {
  const names: string[] = []
  const watcher = watch(dir, (_event, name) => {
    if (name !== null && !names.includes(name)) names.push(name)
  })
  return { names, watcher }
}

describe.skipIf(ELECTRON_SKIP_REASON !== null)(
  electronSuiteName("the desktop app's temporary files"),
  () => {
    let app: ElectronApplication
    let page: Page
    let dir = ''
    let osTmp = ''
    let remove: () => Promise<void> = () => Promise.resolve()
    const fixtures = new CaptureFixtures()
    let closed = false

    beforeAll(async () => {
      ;({ path: dir, remove } = await tempDir('dalel-electron-tmp-'))
      osTmp = join(dir, 'os-tmp')
      await mkdir(osTmp)
      await fixtures.start(makeTestPki(join(dir, 'pki')))
      ;({ app, page } = await launchDalelApp(dir, { TMPDIR: osTmp }))
    }, 90_000)

    afterAll(async () => {
      if (!closed) await app.close()
      await fixtures.close()
      await remove()
    })

    /** TMPDIR and app.getPath('temp') of the running main process. */
    const appTemp = () =>
      app.evaluate(({ app: electronApp }) => ({
        env: process.env.TMPDIR ?? '',
        path: electronApp.getPath('temp')
      }))

    it(`keeps the browser process's temp dir ${ram === null ? 'as started (no roomy RAM /dev/shm here)' : 'in a private RAM directory'}`, async () => {
      const temp = await appTemp()
      if (ram === null) {
        expect(temp.env).toBe(osTmp)
        return
      }
      expect(dirname(temp.env)).toBe(ram)
      expect(temp.path).toBe(temp.env)
      expect((await statfs(temp.env)).type).toBe(TMPFS_MAGIC)
      expect((await stat(temp.env)).mode & 0o777).toBe(0o700)
    })

    it.skipIf(ram === null)(
      'captures a page and exports its report with no temporary file in the OS temp dir, all of them in RAM',
      async () => {
        const { env: ramDir } = await appTemp()
        const marker = `dalel${Date.now().toString(36)}`
        const bundle = join(dir, 'bundle.zip')
        await answerDialogs(app, { save: [bundle] })
        const onDisk = watchNames(osTmp)
        const inRam = watchNames(ramDir)
        try {
          const outcome = await page.evaluate(
            async ({ url, vault, bundle }) => {
              const dalel = window.dalel
              if (dalel === undefined) throw new Error('no window.dalel')
              await dalel.createVault({ path: vault, passphrase: 'a long test passphrase' })
              const captured = await dalel.captureUrl({ urls: [url], timeoutSeconds: 30 })
              await dalel.chooseSaveFile({ purpose: 'export', name: 'bundle.zip' })
              const exported = await dalel.exportBundle({ out: bundle, entries: 'all' })
              return {
                captured: captured.ok ? captured.value.length : captured.error.code,
                exported: exported.ok ? 'ok' : exported.error.code
              }
            },
            { url: `${fixtures.http}/marker/${marker}`, vault: join(dir, 'vault'), bundle }
          )
          expect(outcome).toEqual({ captured: 1, exported: 'ok' })
        } finally {
          onDisk.watcher.close()
          inRam.watcher.close()
        }
        // The MHTML and the print stream: made, read back and unlinked in RAM.
        expect(inRam.names.filter((n) => CHROMIUM_TEMP_FILE.test(n)).length).toBeGreaterThan(0)
        expect(onDisk.names).toEqual([])
        expect(await filesContaining(osTmp, marker.toUpperCase())).toEqual([])
      },
      120_000
    )

    it.skipIf(ram === null)('removes its RAM directory when it quits', async () => {
      const { env } = await appTemp()
      expect(existsSync(env)).toBe(true)
      await app.close()
      closed = true
      expect(existsSync(env)).toBe(false)
    })
  }
)
