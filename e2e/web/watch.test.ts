import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WatchProbeEvent } from '../../src-main/common/contract/WatchApi'
import { TEST_PASSPHRASE } from '../../src-main/node/testing/testVault'
import { AvailabilityServer } from '../fixtures/AvailabilityServer'
import { TEST_CHROMIUM, suiteName } from '../fixtures/captureTestKit'
import { WebHarness } from './webHarness'

/**
 * The watch list in the built renderer, with the real handlers and services bound in
 * (webHarness.ts): a journalist adds a site on 127.0.0.1, the service probes it, the site
 * goes down (503) and comes back; the list, the app's notice and the address's history say
 * so; every screen shot in kk, ru and en and checked by axe-core.
 */
describe.skipIf(TEST_CHROMIUM === null)(suiteName('the watch list in Chromium (e2e/web)'), () => {
  const h = new WebHarness('kk', { watchTimeoutMs: 3000 })
  const { t } = h
  const site = new AvailabilityServer()

  beforeAll(async () => {
    await Promise.all([h.start(), site.start()])
  })

  afterAll(async () => {
    await h.stop()
    await site.close()
  })

  it('watches a site that goes down and comes back, and shows its history', async () => {
    const { page, service, events } = h
    const probes = () =>
      events.log.filter((e) => e.event === 'watchProbe').map((e) => e.payload as WatchProbeEvent)
    const created = await h.handlers.createVault({
      path: join(h.dir, 'қойма'),
      passphrase: TEST_PASSPHRASE,
      author: 'Айгерим Сапарова'
    })
    expect(created.ok).toBe(true)
    await page.goto(`${h.origin}/`)
    await h.language('kk')
    await h.heading('ui.timeline.title').waitFor()

    await h.nav('ui.nav.watch').click()
    await h.heading('ui.nav.watch').waitFor()
    await page.getByText(t('ui.watch.empty')).waitFor()
    // Nothing typed: said in words, nothing recorded.
    await h.button('ui.watch.add').click()
    expect(await page.getByRole('alert').textContent()).toBe(t('ui.watch.needUrl'))
    await h.shoot('watch-empty')

    await site.setMode('ok')
    await h.field(t('ui.watch.url')).fill(site.url)
    await h.field(t('ui.watch.every')).selectOption('60')
    await h.button('ui.watch.add').click()
    const item = page.locator('.watch-item', { hasText: site.url })
    // Added to the list, then probed at once: the state arrives with the probe.
    await item.getByText(t('status.up'), { exact: true }).waitFor()
    await item.getByText(t('ui.watch.every.60')).waitFor()
    expect(service.watchList()).toEqual([{ url: site.url, everySeconds: 60 }])

    // The site goes down: "check now" records a probe, and the page says what changed.
    const check = item.getByRole('button', { name: new RegExp(`^${t('ui.watch.check')}`) })
    await site.setMode({ status: 503 })
    await check.click()
    await item.getByText(t('status.unavailable'), { exact: true }).waitFor()
    const notice = t('ui.watch.changed', {
      url: site.url,
      after: t('status.unavailable'),
      before: t('status.up')
    })
    await page.getByText(notice).waitFor()
    await site.setMode('ok')
    await check.click()
    await item.getByText(t('status.up'), { exact: true }).waitFor()
    await page
      .getByText(
        t('ui.watch.changed', {
          url: site.url,
          after: t('status.up'),
          before: t('status.unavailable')
        })
      )
      .waitFor()
    expect(
      probes()
        .filter((p) => p.before !== undefined)
        .map((p) => [p.before, p.after])
    ).toEqual([
      ['up', 'unavailable'],
      ['unavailable', 'up']
    ])
    await item
      .getByText(t('ui.watch.failedShare', { failed: 1, total: 3, percent: '33,3' }))
      .waitFor()
    await h.shoot('watch-list')

    // The address's history: every probe a signed entry, newest first, with its outage.
    await item.getByRole('button', { name: new RegExp(`^${t('ui.watch.history')}`) }).click()
    await h.heading('ui.watch.historyOf', { url: site.url }).waitFor()
    const rows = page.locator('table.watch-history tbody tr')
    expect(await rows.count()).toBe(3)
    const seqs = probes().map((p) => `№${p.seq}`)
    expect(await rows.locator('td.seq').allTextContents()).toEqual(seqs.reverse())
    expect(await rows.nth(1).textContent()).toContain(t('probeOutcome.http-error', { status: 503 }))
    const facts = page.locator('dl.facts dd')
    expect(await facts.count()).toBe(5)
    expect(await facts.nth(4).textContent()).not.toBe(t('ui.watch.none'))
    await h.shoot('watch-history')

    // A row leads to its entry.
    const first = probes()[0]?.seq ?? 0
    await rows
      .nth(2)
      .getByRole('button', { name: `№${first}` })
      .click()
    await page.getByRole('heading', { level: 1, name: site.url }).waitFor()
    // The entry page says what the probe found, beside its kind and number.
    expect(await page.locator('.entry-meta .badge').textContent()).toBe(t('status.up'))

    // The timeline shows each probe's outcome as a badge.
    await h.nav('ui.nav.timeline').click()
    await h.heading('ui.timeline.title').waitFor()
    const badges = page.locator(
      '.timeline-row .badge.capture-unavailable, .timeline-row .badge.capture-up'
    )
    await badges.first().waitFor()
    expect(await badges.allTextContents()).toEqual([
      t('status.up'),
      t('status.unavailable'),
      t('status.up')
    ])

    // Stop watching: a `watch` entry records it; the history stays.
    await h.nav('ui.nav.watch').click()
    await item.getByRole('button', { name: new RegExp(`^${t('ui.watch.remove')}`) }).click()
    await page.getByText(t('ui.watch.empty')).waitFor()
    expect(service.list({ kinds: ['watch'] }).map((v) => v.entry?.title)).toEqual([
      `− ${site.url}`,
      `+ ${site.url}`
    ])
    expect((await service.verify()).ok).toBe(true)
    expect(h.pageErrors).toEqual([])
  }, 240_000)
})
