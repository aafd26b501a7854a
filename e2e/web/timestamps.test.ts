import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalTsa, TsaPki } from '../../src-main/node/testing/localTsa'
import { makeTsaPki, removeTsaPki, startLocalTsa } from '../../src-main/node/testing/localTsa'
import { TEST_PASSPHRASE } from '../../src-main/node/testing/testVault'
import { TimestampScheduler } from '../../src-main/node/services/TimestampScheduler'
import { TEST_CHROMIUM, suiteName } from '../fixtures/captureTestKit'
import { WebHarness } from './webHarness'

/**
 * Trusted timestamps in the app (issue 13), against a local RFC 3161 authority: the choice
 * at vault creation, a note shown as not yet covered, the app's TimestampScheduler (what the
 * electron main process runs while unlocked) stamping it, the badge changing to
 * "timestamped by …", and the setting in Settings. Screens in kk, ru and en at 1024×700.
 */
describe.skipIf(TEST_CHROMIUM === null)(suiteName('trusted timestamps in the UI (e2e/web)'), () => {
  const h = new WebHarness('kk')
  const { t } = h
  let pki: TsaPki
  let tsa: LocalTsa
  let scheduler: TimestampScheduler | null = null

  beforeAll(async () => {
    pki = await makeTsaPki()
    tsa = await startLocalTsa(pki)
    await h.start()
  }, 120_000)

  afterAll(async () => {
    await scheduler?.stop()
    await h.stop()
    await tsa.close()
    await removeTsaPki(pki)
  })

  it('creates a vault that timestamps, shows a note not yet covered, then timestamped by the authority', async () => {
    const { page, service, events } = h
    await page.goto(`${h.origin}/`)
    await h.language('kk')
    await h.heading('ui.create.title').waitFor()
    await h.field(t('ui.vaultFolder')).fill(join(h.dir, 'Қойма'))
    await h.field(t('ui.passphrase')).fill(TEST_PASSPHRASE)
    await h.field(t('ui.passphrase.repeat')).fill(TEST_PASSPHRASE)
    const choice = page.getByLabel(t('ui.timestamping.choice'), { exact: true })
    expect(await choice.isChecked()).toBe(false)
    await choice.check()
    // What the authority sees is said where the choice is made.
    await page.getByText(t('ui.timestamping.hint')).waitFor()
    await h.shoot('create-timestamping')
    await h.button('ui.create.submit').click()
    await h.heading('ui.recovery.title').waitFor()
    expect(service.timestamping().enabled).toBe(true)
    await page.getByLabel(t('ui.recovery.confirm')).check()
    await h.button('ui.recovery.continue').click()
    await h.heading('ui.timeline.title').waitFor()

    // The newsroom's authority instead of the public defaults (`dalel timestamping --tsa`).
    await service.setTimestamping({ authorities: [tsa.url], trustedCas: [pki.rootPem] })

    await h.nav('ui.nav.note').click()
    await h.heading('ui.note.title').waitFor()
    await h.field(t('field.title')).fill('Редакцияға қоңырау')
    await h.button('ui.note.submit').click()
    await page.getByRole('heading', { level: 1, name: 'Редакцияға қоңырау' }).waitFor()
    await h.nav('ui.nav.timeline').click()
    const row = page.locator('.timeline-row', { hasText: 'Редакцияға қоңырау' })
    await row.locator('.badge.not-covered', { hasText: t('ui.badge.notCovered') }).waitFor()
    await h.shoot('timeline-not-covered')

    // The scheduler the main process runs while unlocked; its stamp reaches the page as
    // the 'timestamped' event, and the timeline fetches its rows again.
    const asked = tsa.answered
    scheduler = new TimestampScheduler(service, {
      retryMs: 60_000,
      onStamped: (outcome) => {
        const genTime = outcome.answers.flatMap((a) => (a.ok ? [a.genTime] : []))[0] ?? ''
        events.emit('timestamped', { coveredSeq: outcome.covered.seq, genTime })
      }
    })
    await scheduler.afterCall('unlock')
    const host = new URL(tsa.url).host
    await row
      .locator('.badge.timestamped', { hasText: t('ui.badge.timestamped', { authority: host }) })
      .waitFor({ timeout: 30_000 })
    expect(tsa.answered).toBe(asked + 1)
    expect(await row.locator('.badge.not-covered').count()).toBe(0)
    expect(events.log.some((e) => e.event === 'timestamped')).toBe(true)
    // The anchor's own row says what it covers, in words, not its stored title.
    const anchorRow = page.locator('.timeline-row', {
      hasText: t('ui.anchor.timestamp', { from: '№1', to: '№3' })
    })
    await anchorRow.locator('.badge.timestamped').waitFor()
    await page.getByText(t('ui.anchor.settingOn')).first().waitFor()
    await h.shoot('timeline-timestamped')
  })

  it('shows the setting in Settings and turns it off there', async () => {
    const { page, service } = h
    await h.nav('ui.nav.settings').click()
    await h.heading('ui.settings.title').waitFor()
    const choice = page.getByLabel(t('ui.timestamping.choice'), { exact: true })
    expect(await choice.isChecked()).toBe(true)
    await page.getByText(t('ui.timestamping.covered')).waitFor()
    await page.getByText(t('ui.timestamping.authorities', { authorities: tsa.url })).waitFor()
    await h.shoot('settings-timestamping')
    await choice.uncheck()
    await page.getByText(t('ui.timestamping.off')).waitFor()
    expect(service.timestamping().enabled).toBe(false)
  })
})
