import { readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_PASSPHRASE } from '../../src-main/node/testing/testVault'
import { TEST_CHROMIUM, suiteName } from '../fixtures/captureTestKit'
import { problemSentence } from '../../src-renderer/components/problemSentence'
import { SMALL, WebHarness } from './webHarness'

/**
 * Correcting the record and looking after the vault, in the app against the real services,
 * walked in Russian: filter the timeline, amend an incident (reason required), withdraw a
 * note (reason and a plain warning), verify the vault, change the settings and the
 * passphrase. Each screen shot in kk, ru and en and checked by axe-core.
 */
describe.skipIf(TEST_CHROMIUM === null)(suiteName('correct and keep safe (e2e/web)'), () => {
  const h = new WebHarness('ru')
  const { t } = h

  beforeAll(async () => {
    await h.start()
    await h.createVault('хранилище')
    await h.service.addIncident({
      title: 'Обыск в редакции',
      type: 'search',
      occurredAt: '2026-03-01T02:00:00.000Z',
      place: 'Алматы, пр. Абая 10',
      body: 'Полиция пришла в семь утра.',
      tags: ['обыск']
    })
    await h.service.addNote({ title: 'Личный телефон соседа', body: 'номер телефона' })
    await h.service.addNote({ title: 'Звонок из акимата', tags: ['угроза'] })
  })

  afterAll(async () => {
    await h.stop()
  })

  it('filters, amends, withdraws, verifies and changes the settings and the passphrase', async () => {
    const { page, service } = h
    const alert = () => page.getByRole('alert')
    await page.goto(`${h.origin}/`)
    await h.language('ru')
    await h.heading('ui.timeline.title').waitFor()
    await page.getByText(t('ui.entries.count', { count: 3 })).waitFor()

    // Filtered to incidents: the search of 1 March alone.
    await page.getByText(t('ui.timeline.filters')).click()
    await h.field(t('field.kind')).selectOption('incident')
    await page.getByText(t('ui.timeline.filtersActive', { count: 1 })).waitFor()
    await page.getByText(t('ui.entries.count', { count: 1 })).waitFor()
    expect(await page.locator('.timeline-row .title').allTextContents()).toEqual([
      'Обыск в редакции'
    ])
    // Each date filter on one line at 1024 px, its zone beside its name: after the year
    // "UTC+5" went to a line of its own in every language.
    for (const language of ['kk', 'ru', 'en'] as const) {
      await h.language(language)
      const fields = await page.locator('.filter-grid fieldset.date-time').evaluateAll((sets) =>
        sets.map((set) => ({
          zone: set.querySelector('.zone')?.textContent,
          lines: new Set(
            [...set.querySelectorAll('.parts > *')].map((part) =>
              Math.round(part.getBoundingClientRect().top)
            )
          ).size
        }))
      )
      expect(fields, language).toEqual([
        { zone: 'UTC+5', lines: 1 },
        { zone: 'UTC+5', lines: 1 }
      ])
    }
    await h.language('ru')
    await h.shoot('timeline-filtered')
    await h.button('ui.timeline.clearFilters').click()
    await page.getByText(t('ui.entries.count', { count: 3 })).waitFor()

    // The incident, then an amendment of its place; no reason, no amendment.
    await page.getByRole('button', { name: 'Обыск в редакции' }).click()
    await page.getByRole('heading', { level: 1, name: 'Обыск в редакции' }).waitFor()
    await h.shoot('entry-incident')
    await h.button('ui.entry.amend').click()
    await h.heading('ui.amend.title', { seq: 1 }).waitFor()
    await h.field(t('field.place')).fill('Алматы, пр. Абая 12')
    // Any field of the kind, not only the four the first amend screen had: the type, the
    // order's number, a witness list, a person present with a role, an official.
    await h.field(t('field.incidentType')).selectOption('detention')
    await h.field(t('field.caseNumber')).fill('№ 245100031000123')
    await h.field(t('field.witnesses')).fill('Оспанова Г.\nКим А.')
    const person = page.getByRole('group', { name: t('ui.incident.person', { number: 1 }) })
    await person.getByLabel(t('field.name'), { exact: true }).fill('Сапарова А.')
    await person.getByLabel(t('field.role'), { exact: true }).fill('обыскиваемая')
    const official = page.getByRole('group', { name: t('ui.incident.official', { number: 1 }) })
    await official.getByLabel(t('field.position'), { exact: true }).fill('следователь')
    await h.button('ui.amend.submit').click()
    expect(await alert().textContent()).toBe(t('ui.amend.needReason'))
    await h.field(t('ui.amend.reason')).fill('Номер дома записан неверно')
    expect(await alert().count()).toBe(0)
    // Each date-time field keeps its time and zone on the date's line (the time wrapped under
    // the day, month and year when the field had half the form's width): at 1024 px, and in
    // every language from there up to the width where the sidebar grows (1400) and past it.
    const wrapped: string[] = []
    for (const width of [1024, 1301, 1330, 1360, 1361, 1399, 1400, 1500, 1920]) {
      await page.setViewportSize({ width, height: SMALL.height })
      for (const language of ['kk', 'ru', 'en'] as const) {
        await h.language(language)
        const timeLines = await page
          .locator('fieldset.date-time:has(.part.time)')
          .evaluateAll((fields) =>
            fields.map((field) => {
              const top = (name: string) =>
                field.querySelector(`.part.${name} input`)?.getBoundingClientRect().top
              // the zone stands level with the parts' bottoms (align-items: flex-end)
              const bottom = (selector: string) =>
                field.querySelector(`.parts > ${selector}`)?.getBoundingClientRect().bottom
              const parts = field.querySelector('.parts')?.getBoundingClientRect().right ?? 0
              return {
                day: top('day'),
                time: top('time'),
                timeBottom: bottom('.part.time'),
                zone: bottom('.zone'),
                spare:
                  parts -
                  (field.querySelector('.parts > .zone')?.getBoundingClientRect().right ?? 0)
              }
            })
          )
        expect(timeLines.length).toBeGreaterThan(0)
        for (const [index, line] of timeLines.entries()) {
          const where = `${language} at ${width} px: field ${index + 1}`
          if (line.time !== line.day) wrapped.push(`${where}, its time`)
          if (line.zone !== line.timeBottom) wrapped.push(`${where}, its zone`)
          // a system font a little wider than this one must not push the zone under
          else if (line.spare < 16) wrapped.push(`${where}, ${line.spare} px to spare`)
        }
      }
    }
    await page.setViewportSize(SMALL)
    expect(wrapped, 'a date field wraps under the date').toEqual([])
    // An empty time shows its whole placeholder ("hh:mm" showed as "hh:mn" in English).
    for (const language of ['kk', 'ru', 'en'] as const) {
      await h.language(language)
      const room = await page
        .locator('fieldset.date-time .part.time input:placeholder-shown')
        .evaluateAll((inputs) =>
          inputs.map((input) => {
            const style = getComputedStyle(input)
            const context = document.createElement('canvas').getContext('2d')
            if (context === null) return -1
            context.font = style.font
            const text = context.measureText((input as HTMLInputElement).placeholder).width
            const inside =
              input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
            return Math.floor(inside - text)
          })
        )
      expect(room.length, language).toBeGreaterThan(0)
      for (const left of room)
        expect(left, `${language}: the time's placeholder is cut`).toBeGreaterThanOrEqual(0)
    }
    await h.language('ru')
    await h.shoot('amend')
    await h.button('ui.amend.submit').click()
    await page.getByRole('heading', { level: 2, name: t('ui.entry.corrections') }).waitFor()
    // In Russian an entry is «№4», and the correction is a «поправка» (GLOSSARY.md): the
    // corrected place carries the mark, and the amendments section links №4 once.
    const placeMark = page.locator('.amended-mark[data-field="place"] .amended-by')
    expect(await placeMark.textContent()).toBe('с поправкой №4 (Номер дома записан неверно)')
    const shownValue = (label: string) =>
      page
        .locator('.entry-details .facts > div')
        .filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
        .locator('dd')
        .innerText()
    expect(await shownValue(t('field.place'))).toContain('Алматы, пр. Абая 12')
    await page.locator('.corrections').getByRole('button', { name: '№4', exact: true }).waitFor()
    expect(await page.locator('.screen').textContent()).not.toContain('#4')
    const amendment = service.list({ kinds: ['amendment'] })[0]?.entry
    expect(amendment?.kind === 'amendment' ? amendment.payload.changes : null).toEqual({
      type: 'detention',
      place: 'Алматы, пр. Абая 12',
      caseNumber: '№ 245100031000123',
      peoplePresent: [{ name: 'Сапарова А.', role: 'обыскиваемая' }],
      officials: [{ position: 'следователь' }],
      witnesses: ['Оспанова Г.', 'Ким А.']
    })
    expect(await shownValue(t('field.witnesses'))).toContain('Ким А.')
    await h.shoot('entry-amended')

    // Withdraw the note with the neighbour's number: a reason, and the box that says the
    // content is destroyed for good.
    await h.nav('ui.nav.timeline').click()
    await page.getByRole('button', { name: 'Личный телефон соседа' }).click()
    await page.getByRole('heading', { level: 1, name: 'Личный телефон соседа' }).waitFor()
    await h.button('ui.entry.withdraw').click()
    await h.heading('ui.withdraw.title', { seq: 2 }).waitFor()
    await page.getByText(t('ui.withdraw.warning')).waitFor()
    await h.field(t('ui.withdraw.reason')).fill('Персональные данные третьего лица')
    await h.button('ui.withdraw.submit').click()
    expect(await alert().textContent()).toBe(t('ui.withdraw.needConfirm'))
    await page.getByLabel(t('ui.withdraw.confirm')).check()
    await h.shoot('withdraw')
    await h.button('ui.withdraw.submit').click()
    await page
      .getByText(
        t('ui.entry.withdrawnBy', { seq: '№5', reason: 'Персональные данные третьего лица' })
      )
      .waitFor()
    await page.getByText(t('ui.entry.withdrawnExplained')).waitFor()
    // The notice's №5 opens the withdrawal; no list of later entries names it a second time.
    await page.locator('.notice.warning').getByRole('button', { name: '№5', exact: true }).waitFor()
    expect(await page.locator('.entry-links').count()).toBe(0)
    expect(await page.getByText('номер телефона').count()).toBe(0)
    expect(service.getEntry('2').entry).toBeNull()
    await h.shoot('entry-withdrawn')

    // Verify: every entry, the chain and the signatures, in plain words.
    await h.nav('ui.nav.verify').click()
    await h.heading('ui.verify.title').waitFor()
    await h.button('ui.verify.run').click()
    await page.locator('.verdict.success').waitFor()
    expect(await page.locator('.verdict').textContent()).toContain('№5')
    await h.shoot('verify')

    // Settings: auto-lock minutes and the backup reminder, saved where the app keeps them.
    await h.nav('ui.nav.settings').click()
    await h.heading('ui.settings.title').waitFor()
    await h.field(t('ui.settings.autoLock')).fill('abc')
    await h.button('ui.settings.save').click()
    expect(await alert().textContent()).toBe(t('ui.settings.badMinutes'))
    await h.field(t('ui.settings.autoLock')).fill('10')
    await h.field(t('ui.settings.backupDays')).fill('14')
    await h.button('ui.settings.save').click()
    await page.getByText(t('ui.settings.saved')).waitFor()
    expect(h.settings.get().autoLockMinutes).toBe(10)
    expect(h.settings.get().backupWarningDays).toBe(14)
    await page.getByText('Ctrl+Shift+L').first().waitFor()
    // The language select, outside the settings' form, keeps the form's spacing under it (the
    // next label stood right on it), and a number of minutes is not as wide as the form.
    const settingsLayout = await page.evaluate(() => {
      const select = document.querySelector('#settings-language')?.getBoundingClientRect()
      const next = document.querySelector('form.settings label')?.getBoundingClientRect()
      const minutes = document.querySelector('form.settings input')?.getBoundingClientRect()
      const form = document.querySelector('form.settings')?.getBoundingClientRect()
      return {
        gap: (next?.top ?? 0) - (select?.bottom ?? 0),
        share: (minutes?.width ?? 0) / (form?.width ?? 1)
      }
    })
    expect(settingsLayout.gap).toBeGreaterThanOrEqual(16)
    expect(settingsLayout.share).toBeLessThan(0.5)
    await h.shoot('settings')

    // A new passphrase: the current one is asked first; a wrong one is refused in words.
    const next = 'новая парольная фраза для хранилища'
    await h.field(t('ui.passwd.current')).fill('не та фраза')
    await h.field(t('ui.passwd.next')).fill(next)
    await h.field(t('ui.passphrase.repeat')).fill(next)
    await h.button('ui.passwd.submit').click()
    await alert().waitFor()
    expect(await alert().textContent()).toBe(t('error.wrong-passphrase'))
    await h.field(t('ui.passwd.current')).fill(TEST_PASSPHRASE)
    await h.field(t('ui.passwd.next')).fill(next)
    await h.field(t('ui.passphrase.repeat')).fill(next)
    await h.button('ui.passwd.submit').click()
    await page.getByText(t('ui.passwd.done')).waitFor()
    await h.shoot('passwd')
    // The new passphrase opens the vault; the old one no longer does.
    const path = service.summary().path
    await service.lock()
    await expect(service.unlock(path, { passphrase: TEST_PASSPHRASE })).rejects.toThrow(
      'wrong-passphrase'
    )
    await service.unlock(path, { passphrase: next })
    expect(service.summary().entries).toBe(5)
    expect(h.pageErrors).toEqual([])
  }, 240_000)

  it('names each problem of a damaged vault in a sentence, with its entry and file', async () => {
    const { page, service } = h
    // A photo of the search record (№6), whose encrypted file then goes missing from the
    // vault folder, and a file no entry refers to put beside the others.
    const photo = join(h.dir, 'протокол.txt')
    await writeFile(photo, 'протокол обыска, страница 1')
    await service.addAttachment({ files: [{ path: photo }], title: 'Протокол обыска' })
    const blobs = join(service.summary().path, 'blobs')
    const [folder] = await readdir(blobs)
    const [blob] = await readdir(join(blobs, folder ?? ''))
    await rm(join(blobs, folder ?? '', blob ?? ''))
    await writeFile(join(blobs, folder ?? '', 'чужой-файл'), 'x')

    await h.nav('ui.nav.verify').click()
    await h.heading('ui.verify.title').waitFor()
    await h.button('ui.verify.run').click()
    await page.locator('.verdict.error').waitFor()
    const ru = h.tIn.bind(h, 'ru')
    const said = (selector: string) => page.locator(selector).locator('li').allTextContents()
    expect(await said('ul.problems >> nth=0')).toEqual([
      problemSentence(ru, 'ru', { code: 'blob-missing', seq: 6, file: `blobs/${folder}/${blob}` }, [
        'verifyProblem'
      ])
    ])
    expect(await said('ul.problems >> nth=1')).toEqual([
      problemSentence(ru, 'ru', { code: 'blob-unreferenced', file: `blobs/${folder}/чужой-файл` }, [
        'verifyProblem'
      ])
    ])
    // In words, never a code or the check's English.
    const shown = (await page.locator('main').textContent()) ?? ''
    for (const raw of ['blob-missing', 'blob-unreferenced', 'the attachment file is missing'])
      expect(shown).not.toContain(raw)
    expect(shown).toContain('в папке хранилища нет вложенного файла')
    await h.shoot('verify-problems')
    expect(h.pageErrors).toEqual([])
  }, 120_000)
})
