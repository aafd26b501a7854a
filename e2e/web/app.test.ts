import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_PASSPHRASE } from '../../src-main/node/testing/testVault'
import { ARTICLE_TITLE, KAZAKH_SENTENCE } from '../fixtures/captureFixtureServer'
import { TEST_CHROMIUM, suiteName } from '../fixtures/captureTestKit'
import { LARGE, SMALL, WebHarness, lineStarts } from './webHarness'

/**
 * The built renderer in headless Chromium, with `window.dalel` bound through Playwright to
 * the real handlers over the real services (webHarness.ts). One walk through the first
 * screens, as a journalist would take it, in Kazakh; at each screen a screenshot in each
 * language goes to test-results/screens, and axe-core checks it.
 */
describe.skipIf(TEST_CHROMIUM === null)(suiteName('the desktop UI in Chromium (e2e/web)'), () => {
  const h = new WebHarness('kk')
  const { t } = h

  beforeAll(async () => {
    await h.start()
  })

  afterAll(async () => {
    await h.stop()
  })

  it('walks create → note → incident → capture → timeline → search → lock → unlock, in three languages', async () => {
    const { page, service, events } = h
    const vaultDir = join(h.dir, 'Дәлел қоймасы')
    const alert = () => page.getByRole('alert')
    await page.goto(`${h.origin}/`)

    // Create: no vault remembered, so the page starts here. Passphrases that differ are
    // refused in words before anything is written.
    await h.language('kk')
    await h.heading('ui.create.title').waitFor()
    await h.field(t('ui.vaultFolder')).fill(vaultDir)
    await h.field(t('ui.create.author')).fill('Айгерим Сапарова')
    await h.field(t('ui.passphrase')).fill(TEST_PASSPHRASE)
    await h.field(t('ui.passphrase.repeat')).fill('басқа құпия сөз')
    await h.button('ui.create.submit').click()
    expect(await alert().textContent()).toBe(t('ui.passphrase.differ'))
    // The message is kept as what went wrong, so it is written again in the new language...
    await h.language('ru')
    expect(await alert().textContent()).toBe(h.tIn('ru', 'ui.passphrase.differ'))
    await h.language('kk')
    // ...and it goes as soon as the person changes what they typed.
    await h.field(t('ui.passphrase.repeat')).fill(TEST_PASSPHRASE)
    expect(await alert().count()).toBe(0)
    await page.getByText(t('ui.strength.strong')).waitFor()
    await h.shoot('create')
    await h.button('ui.create.submit').click()

    // The recovery code, once; the way on opens only after "I have written it down".
    await h.heading('ui.recovery.title').waitFor()
    const recoveryCode =
      (await page.getByLabel(t('ui.recovery.codeLabel'), { exact: true }).textContent()) ?? ''
    expect(recoveryCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){5}$/)
    expect(await h.button('ui.recovery.continue').isDisabled()).toBe(true)
    await h.shoot('recovery')
    await page.getByLabel(t('ui.recovery.confirm')).check()
    await h.button('ui.recovery.continue').click()

    await h.heading('ui.timeline.title').waitFor()
    await page.getByText(t('ui.entries.empty')).waitFor()
    // The new screen's heading has the focus, so a screen reader says where the person is.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
    await h.shoot('timeline-empty')

    // A note, by its shortcut; the date in the language's own field, in local time.
    await page.keyboard.press('Control+Shift+KeyN')
    await h.heading('ui.note.title').waitFor()
    await h.field(t('field.title')).fill('Редакцияға қоңырау')
    await h.fillDateTime(t('ui.form.occurredAt'), { year: 2026, month: 3, day: 5, time: '18:30' })
    await h
      .field(t('field.body'))
      .fill('Әкімдіктен қоңырау шалып, аккредитациядан айырамыз деп қорқытты.')
    await h.field(t('field.tags')).fill('қоқан-лоқы, телефон')
    await h.shoot('note')
    await h.button('ui.note.submit').click()
    await page.getByRole('heading', { level: 1, name: 'Редакцияға қоңырау' }).waitFor()
    await page.getByText('аккредитациядан айырамыз').waitFor()
    // 18:30 in Aqtobe (UTC+5) is 13:30 UTC; the page shows the local time and its zone.
    expect(service.list({ kinds: ['note'] })[0]?.entry?.occurredAt).toBe('2026-03-05T13:30:00.000Z')
    await page.getByText('2026 ж. 5 наурыз, 18:30 (UTC+5)').first().waitFor()
    await h.shoot('note-entry')

    // An incident, every structured field filled in, two officials.
    await h.nav('ui.nav.incident').click()
    await h.heading('ui.incident.title').waitFor()
    await h.field(t('field.title')).fill('Редакциядағы тінту')
    await h.field(t('field.incidentType')).selectOption('search')
    await h.fillDateTime(t('ui.form.occurredAt'), { year: 2026, month: 3, day: 1, time: '07:00' })
    await h.field(t('field.place')).fill('Алматы, Абай даңғылы 10, редакция')
    await h.field(t('ui.incident.body')).fill('Таңғы сағат жетіде полиция келді.')
    await h.field(t('field.peopleInvolved')).fill('Айгерим Сапарова\nНұрлан Әбдіқадыров')
    await h.field(t('field.witnesses')).fill('Көрші Гүлнар')
    // The fields a lawyer asks for first: when it ended, the order's number, who was there.
    await h.fillDateTime(t('field.endedAt'), { year: 2026, month: 3, day: 1, time: '11:30' })
    await h.field(t('field.caseNumber')).fill('№ 245100031000123')
    const person = (n: number) =>
      page.getByRole('group', { name: t('ui.incident.person', { number: n }), exact: true })
    await person(1).getByLabel(t('field.name'), { exact: true }).fill('Гүлнар Оспанова')
    await person(1).getByLabel(t('field.role'), { exact: true }).fill('куәгер')
    await h.button('ui.incident.addPerson').click()
    await person(2).getByLabel(t('field.name'), { exact: true }).fill('Серіков А.')
    await person(2).getByLabel(t('field.role'), { exact: true }).fill('адвокат')
    const official = (n: number) =>
      page.getByRole('group', { name: t('ui.incident.official', { number: n }), exact: true })
    await official(1).getByLabel(t('field.name'), { exact: true }).fill('Иванов И.И.')
    await official(1).getByLabel(t('field.position'), { exact: true }).fill('майор')
    await official(1).getByLabel(t('field.unit'), { exact: true }).fill('Алматы қаласы ПД')
    await h.button('ui.incident.addOfficial').click()
    await official(2).getByLabel(t('field.unit'), { exact: true }).fill('ҰҚК')
    await h.field(t('field.legalBasisShown')).fill('Сот қаулысы № 12-345')
    await h.field(t('field.itemsSeized')).fill('ноутбук\nтелефон\nқатты диск')
    await h.field(t('field.lawyersAdmitted')).fill('Серіков А.')
    await h.field(t('field.lawyersRefused')).fill('Ахметова Д.')
    await h.field(t('field.tags')).fill('тінту')
    // On a large monitor the people present reach as far right as the officials under them
    // (their box shrank to its hint: 510 of the section's 608 px in en).
    await page.setViewportSize(LARGE)
    for (const language of ['kk', 'ru', 'en'] as const) {
      await h.language(language)
      const edges = await page.evaluate(() => {
        const right = (selector: string) =>
          Math.round(document.querySelector(selector)?.getBoundingClientRect().right ?? 0)
        return {
          present: right('.group.inner'),
          officials: right('.group:not(.inner) > fieldset.official')
        }
      })
      expect(edges.present, `${language}: ${JSON.stringify(edges)}`).toBe(edges.officials)
    }
    await page.setViewportSize(SMALL)
    await h.language('kk')
    await h.shoot('incident')
    await h.button('ui.incident.submit').click()
    await page.getByRole('heading', { level: 1, name: 'Редакциядағы тінту' }).waitFor()
    await h.shoot('incident-entry')
    const incident = service.list({ kinds: ['incident'] })[0]?.entry
    expect(incident?.kind === 'incident' ? incident.payload : null).toEqual({
      type: 'search',
      body: 'Таңғы сағат жетіде полиция келді.',
      place: 'Алматы, Абай даңғылы 10, редакция',
      caseNumber: '№ 245100031000123',
      endedAt: '2026-03-01T06:30:00.000Z',
      peoplePresent: [
        { name: 'Гүлнар Оспанова', role: 'куәгер' },
        { name: 'Серіков А.', role: 'адвокат' }
      ],
      peopleInvolved: ['Айгерим Сапарова', 'Нұрлан Әбдіқадыров'],
      officials: [
        { name: 'Иванов И.И.', position: 'майор', unit: 'Алматы қаласы ПД' },
        { unit: 'ҰҚК' }
      ],
      legalBasisShown: 'Сот қаулысы № 12-345',
      itemsSeized: ['ноутбук', 'телефон', 'қатты диск'],
      lawyersAdmitted: ['Серіков А.'],
      lawyersRefused: ['Ахметова Д.'],
      witnesses: ['Көрші Гүлнар'],
      tags: ['тінту']
    })
    expect(incident?.occurredAt).toBe('2026-03-01T02:00:00.000Z')

    // Two pages captured by the second Chromium, with a line of progress for each.
    await page.keyboard.press('Control+Shift+KeyU')
    await h.heading('ui.capture.title').waitFor()
    const urls = [`${h.fixtures.https}/article`, `${h.fixtures.http}/marker/second-page`]
    await h.field(t('ui.capture.urls')).fill(urls.join('\n'))
    await h.shoot('capture')
    await h.button('ui.capture.submit').click()
    await page.locator('.capture-progress li.loading').first().waitFor()
    await page.getByText(t('ui.capture.busy')).waitFor()
    await page.getByText(t('ui.capture.done', { count: 2 })).waitFor({ timeout: 45_000 })
    await h.shoot('capture-done')
    const stages = events.log.flatMap((e) =>
      e.event === 'captureProgress' ? [(e.payload as { stage: string }).stage] : []
    )
    expect(stages).toEqual(['loading', 'recorded', 'loading', 'recorded'])

    // The first capture: its screenshot from /attachment/…, loaded, and its facts.
    const capture = service.list({ kinds: ['web-capture'] }).at(-1)
    const seq = capture?.seq ?? 0
    await h.button('ui.capture.open', { seq }).click()
    await page.getByRole('heading', { level: 1, name: ARTICLE_TITLE }).waitFor()
    const shot = page.getByRole('img', {
      name: t('ui.entry.screenshotAlt', { title: ARTICLE_TITLE })
    })
    await shot.waitFor()
    await page.waitForFunction(
      () => document.querySelector<HTMLImageElement>('figure.screenshot img')?.complete === true
    )
    const entry = capture?.entry
    const payload = entry?.kind === 'web-capture' ? entry.payload : null
    expect(h.server?.requests.some((path) => path.startsWith(`/attachment/${seq}/`))).toBe(true)
    const facts = (await page.locator('.entry-details > dl.facts').textContent()) ?? ''
    expect(facts).toContain(`${h.fixtures.https}/article`)
    expect(facts).toContain('200 OK')
    expect(facts).toContain(payload?.tls?.protocol ?? 'no TLS recorded')
    expect(facts).toContain(payload?.tls?.certificates[0]?.sha256 ?? 'no certificate')
    // The title wraps in two balanced lines at 1024 px, and neither starts with its dash
    // ("Обыск в редакции / — Редакцияда тінту"): the dash stays with the word before it.
    const heading = page.getByRole('heading', { level: 1 })
    for (const language of ['kk', 'ru', 'en'] as const) {
      await h.language(language)
      const starts = await lineStarts(heading)
      expect(starts.length, `${language}: the title fits one line`).toBeGreaterThan(1)
      expect(starts, `${language}: a line of the title starts with a dash`).not.toContain('—')
    }
    await h.language('kk')
    await h.shoot('entry-capture')

    // The timeline: by when it happened, the call of 5 March above the search of 1 March,
    // both below the captures recorded today.
    await h.nav('ui.nav.timeline').click()
    await page.getByText(t('ui.entries.count', { count: 4 })).waitFor()
    const titles = await page.locator('.timeline-row .title').allTextContents()
    expect(titles.slice(-2)).toEqual(['Редакцияға қоңырау', 'Редакциядағы тінту'])
    await page.getByText('2026 ж. 1 наурыз').waitFor()
    const sidebarLayout = () =>
      page.evaluate(() => {
        const sidebar = document.querySelector('.sidebar') as HTMLElement
        const box = sidebar.getBoundingClientRect()
        return {
          width: box.width,
          bottom: box.bottom,
          page: document.documentElement.scrollHeight,
          scrolls:
            sidebar.scrollHeight <= sidebar.clientHeight ||
            getComputedStyle(sidebar).overflowY === 'auto'
        }
      })
    const layouts: Awaited<ReturnType<typeof sidebarLayout>>[] = []
    // Each day fits its column on one line at 1024 px, in every language (the Kazakh
    // "2026 ж. 6 желтоқсан" used to wrap under itself).
    for (const language of ['kk', 'ru', 'en'] as const) {
      await h.language(language)
      const days = await page.locator('.timeline-row .day time').evaluateAll((times) =>
        times.map((time) => ({
          text: time.textContent,
          lines: time.getClientRects().length,
          fits: (time.parentElement?.scrollWidth ?? 0) <= (time.parentElement?.clientWidth ?? 0)
        }))
      )
      expect(days.length).toBeGreaterThan(0)
      for (const day of days)
        expect(day, `${language}: a day wraps`).toMatchObject({ lines: 1, fits: true })
      // and the capture's title shows whole: its kind goes under it, beside the number (ru
      // kept ten letters of "Обыск в редакции — Редакцияда тінту" while the time had a column
      // of its own, then 195 of its 373 px beside "Фиксация веб-страницы")
      const shown = await page
        .locator('.timeline-row .title', { hasText: ARTICLE_TITLE })
        .evaluate((title) => title.clientWidth / title.scrollWidth)
      expect(shown, `${language}: the title is cut short`).toBe(1)
      // A badge that does not fit beside the number is left out whole, never cut through.
      const cut = await page.locator('.timeline-row .line.meta > *').evaluateAll((badges) =>
        badges.flatMap((badge) => {
          const line = (badge.parentElement as HTMLElement).getBoundingClientRect()
          const box = badge.getBoundingClientRect()
          const inside = box.top >= line.top - 0.5 && box.bottom <= line.bottom + 0.5
          const outside = box.top >= line.bottom - 0.5
          return inside || outside ? [] : [badge.textContent]
        })
      )
      expect(cut, `${language}: badges cut through`).toEqual([])
      layouts.push(await sidebarLayout())
    }
    // The sidebar is as wide in every language (ru was 13 px wider than kk), and at 1024×700
    // the page does not scroll: the sidebar scrolls on its own (978 px of it scrolled the page).
    expect(new Set(layouts.map((layout) => layout.width)).size, JSON.stringify(layouts)).toBe(1)
    for (const layout of layouts) {
      expect(layout.page, 'the timeline scrolls the page at 1024×700').toBeLessThanOrEqual(700)
      expect(layout.bottom).toBeLessThanOrEqual(700)
      expect(layout.scrolls, 'the sidebar cannot be scrolled to its end').toBe(true)
    }
    await h.language('kk')
    await h.shoot('timeline')
    // By when it was recorded: the note was recorded first, so it comes last.
    await page.getByLabel(t('ui.timeline.byRecorded')).check()
    await page.waitForFunction(
      (note) => [...document.querySelectorAll('.timeline-row .title')].at(-1)?.textContent === note,
      'Редакцияға қоңырау'
    )

    // Search as you type, by the shortcut: the page found by a Kazakh word of its text,
    // the word marked in the snippet.
    const searchWord = 'әріптестеріміздің'
    expect(KAZAKH_SENTENCE).toContain(searchWord)
    await h.nav('ui.nav.note').click()
    await page.keyboard.press('Control+Shift+KeyF')
    await h.heading('ui.timeline.title').waitFor()
    await page.waitForFunction(() => document.activeElement?.id === 'timeline-search')
    await page.keyboard.type(searchWord)
    await page.getByText(t('ui.entries.found', { count: 1, query: searchWord })).waitFor()
    expect(await page.locator('.timeline-row .title').allTextContents()).toEqual([ARTICLE_TITLE])
    expect(await page.locator('.timeline-row mark').first().textContent()).toBe(searchWord)
    // Only the list scrolls, with the export button shown for what was found, small window or
    // large: on a line of its own the button pushed the page 53 px past a 1920×1080 window.
    for (const size of [SMALL, LARGE]) {
      await page.setViewportSize(size)
      for (const language of ['kk', 'ru', 'en'] as const) {
        await h.language(language)
        await page
          .getByRole('button', { name: h.tIn(language, 'ui.timeline.exportThese'), exact: true })
          .waitFor()
        const height = await page.evaluate(() => document.documentElement.scrollHeight)
        expect(height, `${language} at ${size.width}: the page scrolls`).toBeLessThanOrEqual(
          size.height
        )
      }
    }
    await page.setViewportSize(SMALL)
    await h.language('kk')
    await h.shoot('search')

    // Lock by its shortcut: keys wiped in the service, everything of the vault gone.
    await page.keyboard.press('Control+Shift+KeyL')
    await h.heading('ui.unlock.title').waitFor()
    await page.getByText(t('ui.locked.user')).waitFor()
    expect(() => service.summary()).toThrow('vault-locked')
    const afterLock = (await page.locator('body').textContent()) ?? ''
    for (const secret of ['Редакцияға қоңырау', 'Редакциядағы тінту', ARTICLE_TITLE, recoveryCode])
      expect(afterLock).not.toContain(secret)
    // The lock screen names the vault by its folder; the path above it (the account, the
    // drive) is not on the screen, and there is no folder field to read it from.
    await page.getByText(t('ui.unlock.vault', { name: 'Дәлел қоймасы' })).waitFor()
    expect(afterLock).not.toContain(h.dir)
    expect(await h.field(t('ui.vaultFolder')).count()).toBe(0)

    // A wrong passphrase: a clear message, translated; then the right one.
    const passphrase = h.field(t('ui.passphrase'))
    await passphrase.fill('қате құпия сөз')
    await h.button('ui.unlock.submit').click()
    expect(await alert().textContent()).toBe(t('error.wrong-passphrase'))
    // The typed passphrase is kept, and can be shown to see the typo.
    expect(await passphrase.getAttribute('type')).toBe('password')
    await page.getByLabel(t('ui.unlock.show')).check()
    expect(await passphrase.getAttribute('type')).toBe('text')
    expect(await passphrase.inputValue()).toBe('қате құпия сөз')
    await page.getByLabel(t('ui.unlock.show')).uncheck()
    // The keyboard layout is named by the script of the letters typed — never the letters.
    const hint = page.locator(`#${await passphrase.getAttribute('aria-describedby')}`)
    expect(await hint.textContent()).toBe(t('ui.unlock.layout.cyrillic'))
    await passphrase.press('End')
    await page.keyboard.type('x')
    expect(await hint.textContent()).toBe(t('ui.unlock.layout.latin'))
    await page.keyboard.press('Backspace')
    // Caps Lock: a key event that reports it on, then one that reports it off. The DevTools
    // protocol's key events carry only Alt, Ctrl, Meta and Shift (a CapsLock press leaves
    // getModifierState('CapsLock') false), so the "on" event is a KeyboardEvent made in the
    // page with modifierCapsLock, as the browser makes one when the light is on.
    await passphrase.dispatchEvent('keydown', { key: 'A', code: 'KeyA', modifierCapsLock: true })
    await page.getByText(t('ui.unlock.capsLock')).waitFor()
    expect(await hint.textContent()).toBe(t('ui.unlock.capsLock') + t('ui.unlock.layout.latin'))
    await h.shoot('unlock')
    await passphrase.press('Shift')
    expect(await page.getByText(t('ui.unlock.capsLock')).count()).toBe(0)
    expect(await passphrase.inputValue()).toBe('қате құпия сөз')
    await passphrase.fill(TEST_PASSPHRASE)
    await h.button('ui.unlock.submit').click()
    await page.getByText(t('ui.entries.count', { count: 4 })).waitFor()

    // A lock the page did not ask for (idle, sleep, panic) arrives as an event.
    await service.lock()
    events.emit('locked', { reason: 'idle' })
    await page.getByText(t('ui.locked.idle')).waitFor()
    await h.shoot('unlock-idle')

    // Another vault: the folder field opens empty.
    await page.getByRole('button', { name: t('ui.unlock.otherVault') }).click()
    expect(await h.field(t('ui.vaultFolder')).inputValue()).toBe('')
    await h.field(t('ui.vaultFolder')).fill(vaultDir)

    // The recovery code shown at creation opens the vault too; typed in the Cyrillic layout,
    // it is said to need the English one.
    await page.getByLabel(t('ui.unlock.withCode'), { exact: true }).check()
    await h.field(t('ui.recoveryCode')).fill('АВС')
    await page.getByText(t('ui.unlock.layout.codeCyrillic')).waitFor()
    await h.field(t('ui.recoveryCode')).fill(recoveryCode.toLowerCase())
    await page.getByText(t('ui.unlock.codeHint')).waitFor()
    await h.button('ui.unlock.submit').click()
    await page.getByText(t('ui.entries.count', { count: 4 })).waitFor()

    // After a reload the language is still the walk's (saved with setSettings).
    await page.reload()
    await h.heading('ui.timeline.title').waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('kk')
    expect(h.pageErrors).toEqual([])
  }, 240_000)

  it('gives the page no Node, and its CSP blocks a request to another server', async () => {
    const { page } = h
    await h.page.goto(`${h.origin}/`)
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined'
    )
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
      'undefined'
    )
    const probe = `${h.fixtures.http}/marker/csp-probe`
    const outcome = await page.evaluate(async (url) => {
      const violations: string[] = []
      document.addEventListener('securitypolicyviolation', (event) => {
        violations.push(event.effectiveDirective)
      })
      let fetched = false
      try {
        await fetch(url)
        fetched = true
      } catch {
        fetched = false
      }
      // The event is queued as a task; give it one.
      await new Promise((resolve) => setTimeout(resolve, 200))
      return { fetched, violations }
    }, probe)
    // Refused before it left the page, by connect-src (once per policy: the header's and the
    // page's own <meta>, which agree).
    expect(outcome.fetched).toBe(false)
    expect(outcome.violations.length).toBeGreaterThan(0)
    expect(new Set(outcome.violations)).toEqual(new Set(['connect-src']))
    expect(h.fixtures.hits.get('/marker/csp-probe')).toBeUndefined()
  })
})
