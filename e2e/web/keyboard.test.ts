import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_PASSPHRASE } from '../../src-main/node/testing/testVault'
import { TEST_CHROMIUM, suiteName } from '../fixtures/captureTestKit'
import { WebHarness } from './webHarness'

/** Tab presses allowed to reach the next control: more means it is not reachable in practice. */
const MAX_TABS = 60

/**
 * Issue 11's keyboard-only proof: a journalist who cannot use a pointer creates a vault, adds
 * a note and exports it for a lawyer with Tab, typing, Space and Enter alone. Nothing here
 * clicks, checks, fills or selects through Playwright's pointer helpers; each control is
 * reached by pressing Tab until it has the focus, and the walk fails when one cannot be.
 */
describe.skipIf(TEST_CHROMIUM === null)(suiteName('the app by keyboard alone (e2e/web)'), () => {
  let saveAs = ''
  const h: WebHarness = new WebHarness('en', {
    chooseSaveFile: () => Promise.resolve(saveAs)
  })
  const { t } = h

  beforeAll(async () => {
    // The bundle carries verify.html, which a fresh checkout has not built yet.
    if (!existsSync('resources/bundle/verify.html'))
      execFileSync(process.execPath, ['scripts/build-verify-page.mjs'])
    await h.start()
    saveAs = join(h.dir, 'for the lawyer.zip')
  })

  afterAll(async () => {
    await h.stop()
  })

  /** Presses Tab until `target` has the focus; fails when MAX_TABS presses do not get there. */
  async function tabTo(target: Locator, what: string): Promise<void> {
    for (let presses = 0; presses <= MAX_TABS; presses++) {
      const focused = await target
        .evaluate((element) => element === document.activeElement)
        .catch(() => false)
      if (focused) return
      await h.page.keyboard.press('Tab')
    }
    throw new Error(`${what} cannot be reached with Tab (${MAX_TABS} presses)`)
  }

  async function typeInto(target: Locator, what: string, text: string): Promise<void> {
    await tabTo(target, what)
    await h.page.keyboard.type(text)
  }

  it('creates a vault, adds a note and exports it without a pointer', async () => {
    const { page, service } = h
    await page.goto(`${h.origin}/`)
    // A pointer event anywhere in the walk is counted (there must be none).
    await page.evaluate(() => {
      const w = window as unknown as { pointerEvents: number }
      w.pointerEvents = 0
      for (const type of ['pointerdown', 'mousedown', 'click'])
        window.addEventListener(
          type,
          (event) => {
            // A click the keyboard makes (Enter or Space on a button) has no pointer.
            if (!(event instanceof MouseEvent) || event.detail > 0) w.pointerEvents++
          },
          true
        )
    })

    // Create.
    await h.heading('ui.create.title').waitFor()
    await typeInto(h.field(t('ui.vaultFolder')), 'vault folder', join(h.dir, 'vault'))
    await typeInto(h.field(t('ui.create.author')), 'author', 'Aigerim Saparova')
    await typeInto(h.field(t('ui.passphrase')), 'passphrase', TEST_PASSPHRASE)
    await typeInto(h.field(t('ui.passphrase.repeat')), 'passphrase again', TEST_PASSPHRASE)
    await tabTo(h.button('ui.create.submit'), 'create')
    await page.keyboard.press('Enter')

    // The recovery code: confirm with Space, go on with Enter.
    await h.heading('ui.recovery.title').waitFor()
    await tabTo(page.getByLabel(t('ui.recovery.confirm')), 'written-down checkbox')
    await page.keyboard.press('Space')
    await tabTo(h.button('ui.recovery.continue'), 'continue')
    await page.keyboard.press('Enter')
    await h.heading('ui.timeline.title').waitFor()

    // A note, by its shortcut.
    await page.keyboard.press('Control+Shift+KeyN')
    await h.heading('ui.note.title').waitFor()
    await typeInto(h.field(t('field.title')), 'title', 'Call from the akimat')
    await typeInto(h.field(t('field.body')), 'body', 'They threatened to revoke the accreditation.')
    await tabTo(h.button('ui.note.submit'), 'save note')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 1, name: 'Call from the akimat' }).waitFor()

    // Export: from the sidebar, the note chosen with Space, the file chosen with Enter.
    await tabTo(h.nav('ui.nav.export'), 'export in the sidebar')
    await page.keyboard.press('Enter')
    await h.heading('ui.export.title').waitFor()
    const row = page.getByRole('checkbox', { name: /Call from the akimat/ })
    await row.waitFor()
    await tabTo(row, 'the note in the list')
    await page.keyboard.press('Space')
    await page.getByText(t('ui.export.chosen', { count: 1 })).waitFor()
    await typeInto(h.field(t('ui.export.recipient')), 'recipient', 'Lawyer Ermekov')
    await typeInto(h.field(t('ui.export.purpose')), 'purpose', 'Complaint')
    await tabTo(h.button('ui.export.chooseFile'), 'choose file')
    await page.keyboard.press('Enter')
    await page.getByText(saveAs).waitFor()
    const submit = page.getByRole('button', { name: t('ui.export.submit', { count: 1 }) })
    await tabTo(submit, 'export')
    await page.keyboard.press('Enter')
    await h.heading('ui.exportDone.title').waitFor()

    expect((await stat(saveAs)).size).toBeGreaterThan(0)
    // The note, and the export's custody entry naming the bundle the dialog chose.
    const rows = service.timeline({ order: 'recorded', limit: 10 }).rows
    expect(rows.map((r) => r.kind).sort()).toEqual(['custody', 'note'])
    expect(
      await page.evaluate(() => (window as unknown as { pointerEvents: number }).pointerEvents)
    ).toBe(0)
    expect(h.pageErrors).toEqual([])
  }, 180_000)
})
