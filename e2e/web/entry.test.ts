import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WebCapturePayload } from '../../src-main/common/entry/Entry'
import type { MessageKey } from '../../src-main/common/i18n/translate'
import { ChosenPaths } from '../../src-main/electron-main/ChosenPaths'
import { TEST_KDF, TEST_PASSPHRASE } from '../../src-main/node/testing/testVault'
import { ARTICLE_TITLE, KAZAKH_SENTENCE } from '../fixtures/captureFixtureServer'
import { TEST_CHROMIUM, suiteName } from '../fixtures/captureTestKit'
import { createLocalFormat } from '../../src-main/common/i18n/LocalFormat'
import { UI_TIME_ZONE, WebHarness } from './webHarness'

/**
 * The entry page of a web capture against the real services, walked in Kazakh: the verdict
 * on the entry and its hashes behind a disclosure, the full-page screenshot in a frame that
 * scrolls, the visible text, the redirects, the TLS facts and the request log; then a copy
 * of an attachment saved through the save dialog, granted the way the app grants it
 * (ChosenPaths), never over an existing file without asking.
 */
describe.skipIf(TEST_CHROMIUM === null)(suiteName('the entry page (e2e/web)'), () => {
  const chosen = new ChosenPaths()
  /** what the system save dialog answers next; null: the person cancelled */
  let saveAs: string | null = null
  const asked: { purpose: string; name: string }[] = []
  const h = new WebHarness('kk', {
    // The app's save dialog: what it returns is granted for that purpose only.
    chooseSaveFile: async (purpose, name) => {
      asked.push({ purpose, name })
      if (saveAs !== null) await chosen.rememberSaveFile(purpose, saveAs)
      return saveAs
    },
    allowPath: (purpose, path) => chosen.allows(purpose, path)
  })
  const { t } = h
  let article = 0
  let redirected = 0

  /** A translation with its {time} as "any text": the time is the moment the page checked. */
  const sentence = (key: MessageKey) =>
    new RegExp(
      `^${t(key, { time: '\u0000' })
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace('\u0000', '.+')}`
    )

  const openEntry = async (title: string) => {
    await h.nav('ui.nav.timeline').click()
    await h.heading('ui.timeline.title').waitFor()
    await h.page.locator('.timeline-row .title').getByText(title, { exact: true }).click()
    await h.page.getByRole('heading', { level: 1, name: title }).waitFor()
  }

  beforeAll(async () => {
    await h.start()
    await h.service.createVault(join(h.dir, 'қойма'), {
      passphrase: TEST_PASSPHRASE,
      kdfLimits: TEST_KDF,
      author: 'Айгерим Сапарова'
    })
    // Two captures over HTTPS, by the same handlers the page calls: a tall article, and a
    // page reached through two HTTP redirects, a meta refresh and a script.
    const captured = await h.handlers.captureUrl({
      urls: [`${h.fixtures.https}/article`, `${h.fixtures.https}/redirect/301`]
    })
    if (!captured.ok) throw new Error(captured.error.message)
    ;[article, redirected] = captured.value.map((view) => view.seq) as [number, number]
  }, 120_000)

  afterAll(async () => {
    await h.stop()
  })

  it('shows a capture whole: verdict, full-page screenshot, text, redirects, TLS and requests', async () => {
    const { page, service } = h
    await page.goto(`${h.origin}/`)
    await h.language('kk')
    await openEntry(ARTICLE_TITLE)
    const view = service.getEntry(String(article))
    const entry = view.entry
    if (entry?.kind !== 'web-capture') throw new Error('not a capture')
    const payload: WebCapturePayload = entry.payload

    // The verdict: this entry checked now; the whole chain not verified since unlocking.
    const verdict = page.locator('.verdict-line')
    await verdict.waitFor()
    expect(await verdict.locator('p').first().textContent()).toMatch(
      sentence('ui.entry.verdict.linkChecked')
    )
    expect(await verdict.textContent()).toContain(t('ui.entry.verdict.notVerifiedYet'))
    // The hashes behind a disclosure that opens from the keyboard.
    const hashes = page.locator('.verdict details')
    expect(await hashes.getAttribute('open')).toBeNull()
    await hashes.locator('summary').focus()
    await page.keyboard.press('Enter')
    expect(await hashes.getAttribute('open')).toBe('')
    expect(await hashes.textContent()).toContain(view.link.commitment)
    expect(await hashes.textContent()).toContain(view.link.signature)

    // The full page in a frame that scrolls: shown as wide as the frame, far taller than it.
    const full = entry.attachments.findIndex((a) => a.role === 'screenshot-full')
    const frame = page.getByRole('region', {
      name: t('ui.entry.viewer.label', { what: 'Бүкіл беттің экран суреті' })
    })
    await page.waitForFunction(
      () => document.querySelector<HTMLImageElement>('.viewer img')?.complete === true
    )
    expect(await frame.locator('img').getAttribute('src')).toBe(`/attachment/${article}/${full}`)
    const sizes = await frame.evaluate((el) => {
      const img = el.querySelector('img') as HTMLImageElement
      return {
        natural: img.naturalHeight,
        shown: img.getBoundingClientRect().height,
        frame: el.clientHeight,
        scrollable: el.scrollHeight - el.clientHeight
      }
    })
    expect(sizes.natural).toBe(entry.attachments[full]?.height)
    expect(sizes.shown).toBeGreaterThan(2 * sizes.frame)
    expect(sizes.scrollable).toBeGreaterThan(sizes.frame)
    // The keyboard scrolls it: the frame takes the focus, End goes to the foot of the page.
    await frame.focus()
    await page.keyboard.press('End')
    await page.waitForFunction(
      () => (document.querySelector('.viewer')?.scrollTop ?? 0) > 0,
      undefined,
      { timeout: 5_000 }
    )
    // At actual size the picture is as wide as the page was, in CSS pixels.
    await page.getByRole('button', { name: t('ui.entry.viewer.actualSize') }).click()
    expect(await frame.locator('img').evaluate((img) => img.getBoundingClientRect().width)).toBe(
      (entry.attachments[full]?.width ?? 0) / payload.viewport.deviceScaleFactor
    )
    await page.getByRole('button', { name: t('ui.entry.viewer.actualSize') }).click()
    // The visible part is one click away.
    const viewport = entry.attachments.findIndex((a) => a.role === 'screenshot-viewport')
    await page.getByRole('button', { name: 'Көрінетін бөліктің экран суреті' }).click()
    expect(await page.locator('.viewer img').getAttribute('src')).toBe(
      `/attachment/${article}/${viewport}`
    )

    // The visible text, in a section of its own; TLS as the report lays it out.
    const text = page.getByRole('region', { name: t('report.capture.text') })
    expect(await text.textContent()).toContain(KAZAKH_SENTENCE)
    const details = (await page.locator('.entry-details > dl.facts').textContent()) ?? ''
    const leaf = payload.tls?.certificates[0]
    expect(details).toContain(payload.tls?.protocol ?? 'no TLS recorded')
    expect(details).toContain(leaf?.issuer ?? 'no certificate')
    expect(details).toContain(leaf?.sha256 ?? 'no certificate')
    // The certificate's validity in the page's language and zone, not as stored ISO.
    const f = createLocalFormat('kk', t, UI_TIME_ZONE)
    expect(details).toContain(
      t('report.capture.validityValue', {
        from: f.dateTime(leaf?.notBefore ?? ''),
        to: f.dateTime(leaf?.notAfter ?? '')
      })
    )
    // The capture's start as its label says: in UTC, to the second.
    expect(details).toContain(f.utc(payload.startedAt))
    // The request log, read from the HAR: the page, its image, and the favicon's 404.
    const requests = page.locator('table.requests tbody tr')
    expect(await requests.count()).toBe(payload.requestCount)
    const rows = await requests.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))
    )
    expect(rows).toContainEqual([
      'GET',
      '200',
      'image/png',
      expect.any(String),
      `${h.fixtures.https}/img/red.png`
    ])
    expect(rows.map((row) => row[4])).toContain(`${h.fixtures.https}/article`)
    // At 1024 px no certificate label breaks inside a word ("Альтернативн / ые имена" did,
    // in a 160 px column): each word of each label lies on one line.
    for (const language of ['ru', 'kk'] as const) {
      await h.language(language)
      const broken = await page.locator('ol.certificates dt').evaluateAll((labels) =>
        labels.flatMap((label) => {
          const text = label.firstChild
          if (text === null || text.nodeType !== Node.TEXT_NODE) return []
          const words: string[] = []
          for (const match of (text.textContent ?? '').matchAll(/\S+/g)) {
            const range = document.createRange()
            range.setStart(text, match.index)
            range.setEnd(text, match.index + match[0].length)
            if (range.getClientRects().length > 1) words.push(match[0])
          }
          return words
        })
      )
      expect(broken, `${language}: certificate labels broken inside a word`).toEqual([])
    }
    await h.language('kk')
    await h.shoot('entry-capture')

    // The redirects of the other capture, hop by hop, through the same fields table.
    await openEntry('Финал')
    const hops = await page
      .locator('.entry-details > dl.facts')
      .getByText(`${h.fixtures.https}/redirect/301 → ${h.fixtures.https}/redirect/302`, {
        exact: false
      })
      .count()
    expect(hops).toBe(1)
    expect(service.getEntry(String(redirected)).entry?.kind).toBe('web-capture')

    // After the whole vault is verified, the verdict says when the chain was verified.
    await page
      .locator('.verdict-line')
      .getByRole('button', { name: t('ui.nav.verify') })
      .click()
    await h.heading('ui.verify.title').waitFor()
    await h.button('ui.verify.run').click()
    await page.locator('.notice.success.verdict').waitFor()
    await openEntry(ARTICLE_TITLE)
    await page.locator('.verdict-line').waitFor()
    expect(await page.locator('.verdict-line p').first().textContent()).toMatch(
      sentence('ui.entry.verdict.chainVerified')
    )
    expect(await page.locator('.verdict-line').getByRole('button').count()).toBe(0)
    expect(h.pageErrors).toEqual([])
  }, 180_000)

  it('saves a copy of an attachment where the person chose, asking before replacing a file', async () => {
    const { page, service } = h
    await openEntry(ARTICLE_TITLE)
    const entry = service.getEntry(String(article)).entry
    const index = entry?.attachments.findIndex((a) => a.role === 'text') ?? -1
    const name = entry?.attachments[index]?.name ?? ''
    const save = page.getByRole('button', { name: t('ui.entry.saveCopyOf', { name }) })
    expect(await page.locator('section.attachments .notice.warning').textContent()).toBe(
      t('ui.entry.copyWarning')
    )

    // Cancelled in the dialog: nothing happens, nothing is said.
    saveAs = null
    await save.click()
    await page.waitForFunction(
      () => !document.querySelector('section.attachments button[disabled]')
    )
    expect(asked.at(-1)).toEqual({ purpose: 'attachment', name })
    expect(await page.getByRole('alert').count()).toBe(0)

    // Chosen: the original bytes, decrypted, at that path.
    saveAs = join(h.dir, 'көрінетін мәтін.txt')
    await save.click()
    await page
      .getByRole('status')
      .getByText(t('ui.entry.copySaved', { name, path: saveAs }))
      .waitFor()
    const original = await service.readAttachment(article, index)
    expect((await readFile(saveAs)).equals(Buffer.from(original))).toBe(true)
    await h.shoot('entry-copy-saved')

    // The same file again: a question, and the file as it was until the person answers.
    const before = (await stat(saveAs)).mtimeMs
    await save.click()
    const question = page.getByRole('alert')
    await question.getByText(t('ui.entry.copyExists', { path: saveAs })).waitFor()
    expect((await stat(saveAs)).mtimeMs).toBe(before)
    await h.shoot('entry-copy-exists')
    await question.getByRole('button', { name: t('ui.export.replace') }).click()
    await page
      .getByRole('status')
      .getByText(t('ui.entry.copySaved', { name, path: saveAs }))
      .waitFor()

    // A path no dialog returned, sent by the page itself (as a compromised page would):
    // refused, nothing written.
    const elsewhere = join(h.dir, 'not-chosen.txt')
    const answer = await page.evaluate(
      ([seq, at, out]) => window.dalel?.saveAttachment({ seq, index: at, out }),
      [article, index, elsewhere] as const
    )
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    await expect(stat(elsewhere)).rejects.toMatchObject({ code: 'ENOENT' })
    expect(h.pageErrors).toEqual([])
  }, 120_000)
})
