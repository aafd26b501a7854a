import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { TEST_CHROMIUM, suiteName } from '../fixtures/captureTestKit'
import { WebHarness } from './webHarness'

/**
 * Recording the web in the app against the real services, walked in Russian: a capture
 * with a line of progress per URL and a Cancel that stops the browser's load (the page at
 * /hang never answers), then a recheck of one capture from its entry page and of every
 * captured URL, each outcome said in words. Each screen shot in kk, ru and en and checked
 * by axe-core.
 */
describe.skipIf(TEST_CHROMIUM === null)(suiteName('record the web (e2e/web)'), () => {
  /** what the system file dialog answers next (the app's chooseFiles, here the test's) */
  let dialogAnswer: string[] = []
  const h = new WebHarness('ru', { chooseFiles: () => Promise.resolve(dialogAnswer) })
  const { t } = h

  beforeAll(async () => {
    await h.start()
    await h.createVault('хранилище')
  })

  afterAll(async () => {
    await h.stop()
  })

  it('cancels a capture under way, and rechecks one capture and every captured URL', async () => {
    const { page, service, fixtures } = h
    await page.goto(`${h.origin}/`)
    await h.language('ru')
    await h.heading('ui.timeline.title').waitFor()

    // Two pages: the first is recorded, the second never answers. Cancel while it loads.
    fixtures.mutable = 'v1'
    await h.nav('ui.nav.capture').click()
    await h.heading('ui.capture.title').waitFor()
    const urls = [`${fixtures.http}/mutable`, `${fixtures.http}/hang`]
    await h.field(t('ui.capture.urls')).fill(urls.join('\n'))
    await h.button('ui.capture.submit').click()
    await page.getByText(t('ui.capture.loading', { index: 2, total: 2 })).waitFor({
      timeout: 30_000
    })
    expect(fixtures.hits.get('/hang')).toBe(1)
    await h.shoot('capture-progress')
    await h.button('ui.capture.cancel').click()
    await page.getByRole('alert').getByText(t('error.capture-cancelled')).waitFor()
    await page
      .locator('.capture-progress li.cancelled')
      .getByText(t('ui.capture.cancelled'))
      .waitFor()
    // The browser abandoned the load (its connection closed without an answer), and only
    // the first page is in the vault.
    for (let i = 0; (fixtures.abandoned.get('/hang') ?? 0) === 0; i++) {
      expect(i, 'the browser still holds the cancelled request').toBeLessThan(250)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const captures = service.list({ kinds: ['web-capture'] })
    expect(
      captures.map((c) => (c.entry?.kind === 'web-capture' ? c.entry.payload.requestedUrl : ''))
    ).toEqual([`${fixtures.http}/mutable`])
    expect(await page.locator('.capture-progress li.recorded').count()).toBe(1)
    // Nothing is left to cancel: the form's other button leads back to the entries.
    await h.button('ui.back').waitFor()
    expect(await h.button('ui.cancel').count()).toBe(0)
    await h.shoot('capture-cancelled')
    const first = captures[0]?.seq ?? 0

    // The page changes; recheck that one capture from its entry page.
    fixtures.mutable = 'v2'
    await page.getByRole('button', { name: t('ui.capture.open', { seq: first }) }).click()
    await h.button('ui.entry.recheck').click()
    await h.heading('ui.recheck.titleOne', { seq: `№${first}` }).waitFor()
    await h.button('ui.recheck.submitOne').click()
    await page.getByText(t('ui.recheck.done', { count: 1 })).waitFor({ timeout: 45_000 })
    await page.getByText(t('recheckOutcome.changed', { seq: first }), { exact: false }).waitFor()
    await h.shoot('recheck')
    const recheck = service.list({ kinds: ['web-capture'] }).find((c) => c.seq !== first)
    const result = recheck?.entry?.kind === 'web-capture' ? recheck.entry.payload.recheck : null
    expect(result?.outcome).toBe('changed')
    expect(result?.of.seq).toBe(first)

    // The page is gone; recheck every captured URL from the sidebar.
    fixtures.mutable = 'gone'
    await h.nav('ui.nav.recheck').click()
    await h.heading('ui.recheck.title').waitFor()
    await h.button('ui.recheck.submit').click()
    await page.getByText(t('ui.recheck.done', { count: 1 })).waitFor({ timeout: 45_000 })
    const newest = service
      .list({ kinds: ['web-capture'] })
      .find((c) => c.entry?.kind === 'web-capture' && c.entry.payload.recheck?.outcome === 'gone')
    expect(newest).toBeDefined()
    await page
      .locator('.capture-progress li.recorded')
      .getByText(t('recheckOutcome.gone', { seq: recheck?.seq ?? 0 }), { exact: false })
      .waitFor()
    await h.shoot('recheck-all')
    expect(h.pageErrors).toEqual([])
  }, 240_000)

  it('attaches several chosen files into one entry', async () => {
    const { page, service } = h
    const photos = [join(h.dir, 'протокол-1.jpg'), join(h.dir, 'протокол-2.jpg')]
    const bytes = [Buffer.alloc(300_000, 1), Buffer.from('second page of the record')]
    await writeFile(photos[0] ?? '', bytes[0] ?? '')
    await writeFile(photos[1] ?? '', bytes[1] ?? '')
    await h.nav('ui.nav.attach').click()
    await h.heading('ui.attach.title').waitFor()
    // Nothing chosen: refused in words, nothing recorded.
    const before = service.summary().entries
    await h.button('ui.attach.submit').click()
    expect(await page.getByRole('alert').textContent()).toBe(t('ui.attach.needFiles'))
    // The dialog twice: first one file, then both (the first is listed once).
    dialogAnswer = photos.slice(0, 1)
    await h.button('ui.attach.choose').click()
    await page.getByText(t('ui.attach.count', { count: 1 })).waitFor()
    dialogAnswer = photos
    await h.button('ui.attach.choose').click()
    await page.getByText(t('ui.attach.count', { count: 2 })).waitFor()
    expect(await page.getByRole('alert').count()).toBe(0)
    // A file taken off the list is no longer hashed in the background (each chosen file is
    // hashed while the form is filled in).
    const extra = join(h.dir, 'лишний.txt')
    await writeFile(extra, 'не тот файл')
    const forgetting = vi.spyOn(service, 'forgetHashedAhead')
    dialogAnswer = [extra]
    await h.button('ui.attach.choose').click()
    await page.getByText(t('ui.attach.count', { count: 3 })).waitFor()
    await h.button('ui.attach.remove', { name: 'лишний.txt' }).click()
    await page.getByText(t('ui.attach.count', { count: 2 })).waitFor()
    await expect.poll(() => forgetting.mock.calls).toContainEqual([[extra]])
    await h.field(t('field.title')).fill('Протокол обыска, фото')
    await h.shoot('attach')
    await h.button('ui.attach.submit').click()
    await page.getByRole('heading', { level: 1, name: 'Протокол обыска, фото' }).waitFor()
    expect(service.summary().entries).toBe(before + 1)
    const entry = service.list({ kinds: ['file'] })[0]?.entry
    expect(entry?.attachments.map((a) => [a.name, a.size])).toEqual([
      ['протокол-1.jpg', 300_000],
      ['протокол-2.jpg', bytes[1]?.length]
    ])
    await h.shoot('entry-attached')
    expect(h.pageErrors).toEqual([])
  }, 120_000)
  it('links a capture to an incident chosen on its form, and the entry pages lead both ways', async () => {
    const { page, service, fixtures } = h
    const newest = (kind: 'incident' | 'web-capture') =>
      service.list({ kinds: [kind] }).sort((a, b) => b.seq - a.seq)[0]
    const entryLink = (seq: number) =>
      page.getByRole('main').getByRole('button', { name: new RegExp(`^№${seq}\\b`) })
    if (!page.url().startsWith(h.origin)) await page.goto(`${h.origin}/`)
    await h.language('ru')

    await h.nav('ui.nav.incident').click()
    await h.heading('ui.incident.title').waitFor()
    await h.field(t('field.title')).fill('Обыск в редакции')
    await h.button('ui.incident.submit').click()
    await page.getByRole('heading', { level: 1, name: 'Обыск в редакции' }).waitFor()
    const incident = newest('incident')
    expect(incident).toBeDefined()
    const incidentSeq = incident?.seq ?? 0

    // The capture form: the incident found by words, then by its number.
    await h.nav('ui.nav.capture').click()
    await h.heading('ui.capture.title').waitFor()
    await h.field(t('ui.capture.urls')).fill(`${fixtures.http}/article`)
    const find = h.field(t('ui.about.find'))
    await find.fill('обыск редакции')
    const found = page.getByRole('list', { name: t('ui.about.found') })
    await found.getByRole('button', { name: new RegExp(`^№${incidentSeq} `) }).waitFor()
    await find.fill(`№${incidentSeq}`)
    await found.getByRole('button', { name: new RegExp(`^№${incidentSeq} `) }).click()
    const chosen = page.getByRole('list', { name: t('ui.about.chosen') })
    await chosen.getByText(`№${incidentSeq} ${t('kind.incident')}: Обыск в редакции`).waitFor()
    expect(await find.inputValue()).toBe('')
    await h.shoot('capture-about')
    await h.button('ui.capture.submit').click()
    await page.getByText(t('ui.capture.done', { count: 1 })).waitFor({ timeout: 45_000 })
    const capture = newest('web-capture')
    const payload = capture?.entry?.kind === 'web-capture' ? capture.entry.payload : null
    expect(payload?.about).toEqual([{ seq: incidentSeq, id: incident?.id }])
    const captureSeq = capture?.seq ?? 0

    // From the capture's page to the incident, and back by its "referred to by" link.
    await page.getByRole('button', { name: t('ui.capture.open', { seq: captureSeq }) }).click()
    await page.getByRole('heading', { level: 1, name: capture?.entry?.title ?? '' }).waitFor()
    await entryLink(incidentSeq).click()
    await page.getByRole('heading', { level: 1, name: 'Обыск в редакции' }).waitFor()
    await entryLink(captureSeq).click()
    await page.getByRole('heading', { level: 1, name: capture?.entry?.title ?? '' }).waitFor()
    expect(h.pageErrors).toEqual([])
  }, 180_000)
  it('adds files dropped on the window to the Attach screen, and reports the bytes encrypted', async () => {
    const { page, service } = h
    if (!page.url().startsWith(h.origin)) await page.goto(`${h.origin}/`)
    await h.language('ru')
    await h.nav('ui.nav.timeline').click()
    await h.heading('ui.timeline.title').waitFor()
    // Dropped on the timeline (the same renderer code as in the app; the harness's bridge
    // stands in for the preload's path lookup): Attach opens with both files listed.
    const dropped = [
      ['фото-обыска.jpg', 'jpeg bytes'],
      ['акт.txt', 'акт изъятия']
    ]
    await page.evaluate((files) => {
      const transfer = new DataTransfer()
      for (const [name, text] of files) transfer.items.add(new File([text ?? ''], name ?? ''))
      const event = new DragEvent('drop', {
        dataTransfer: transfer,
        bubbles: true,
        cancelable: true
      })
      document.querySelector('main')?.dispatchEvent(event)
    }, dropped)
    await h.heading('ui.attach.title').waitFor()
    await page.getByText(t('ui.attach.count', { count: 2 })).waitFor()
    // And a large file from the dialog: its bytes are reported as they are encrypted.
    const big = join(h.dir, 'видео.mp4')
    const bigSize = 48 * 1024 * 1024
    await writeFile(big, randomBytes(bigSize))
    dialogAnswer = [big]
    await h.button('ui.attach.choose').click()
    await page.getByText(t('ui.attach.count', { count: 3 })).waitFor()
    const logged = h.events.log.length
    await h.button('ui.attach.submit').click()
    await page
      .getByRole('heading', { level: 1, name: 'фото-обыска.jpg, акт.txt, видео.mp4' })
      .waitFor({ timeout: 90_000 })
    const total = Buffer.byteLength('jpeg bytes') + Buffer.byteLength('акт изъятия') + bigSize
    const progress = h.events.log
      .slice(logged)
      .filter((e) => e.event === 'attachProgress')
      .map((e) => e.payload as { bytesDone: number; bytesTotal: number })
    expect(progress.length).toBeGreaterThanOrEqual(2)
    expect(progress.every((p) => p.bytesTotal === total)).toBe(true)
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]?.bytesDone).toBeGreaterThan(progress[i - 1]?.bytesDone ?? 0)
    expect(progress.at(-1)?.bytesDone).toBe(total)
    const entry = service.list({ kinds: ['file'] }).sort((a, b) => b.seq - a.seq)[0]?.entry
    expect(entry?.attachments.map((a) => [a.name, a.size])).toEqual([
      ['фото-обыска.jpg', Buffer.byteLength('jpeg bytes')],
      ['акт.txt', Buffer.byteLength('акт изъятия')],
      ['видео.mp4', bigSize]
    ])
    expect(h.pageErrors).toEqual([])
  }, 180_000)
})
