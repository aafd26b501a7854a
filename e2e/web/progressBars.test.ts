import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_CHROMIUM, suiteName } from '../fixtures/captureTestKit'
import type { EventName } from '../../src-main/common/contract/DalelApi'
import { WebHarness } from './webHarness'

/** Large enough that writing it takes several of the page's progress ticks (10 a second). */
const VIDEO_BYTES = 128 * 1024 * 1024

/**
 * A vault holding a large video of a search, handed over and backed up in the app against
 * the real services, walked in Russian: export and backup each show a bar that moves with
 * the bytes written (the service's progress events, as attach's); an existing bundle is one
 * "Replace it?" question, focused, that Escape or Cancel leaves untouched; and the lawyer's
 * bundle check names each attachment as it was recorded, not only as `entries/<seq>/<n>.<ext>`.
 */
describe.skipIf(TEST_CHROMIUM === null)(suiteName('progress bars and names (e2e/web)'), () => {
  let saveAs = ''
  let bundleToCheck = ''
  let backupFolder = ''
  const h: WebHarness = new WebHarness('ru', {
    chooseSaveFile: () => Promise.resolve(saveAs),
    chooseBundle: () => Promise.resolve(bundleToCheck),
    chooseFolder: () => Promise.resolve(backupFolder)
  })
  const { t } = h
  let videoSeq = 0

  beforeAll(async () => {
    // Every bundle carries verify.html, which a fresh checkout has not built yet.
    if (!existsSync('resources/bundle/verify.html'))
      execFileSync(process.execPath, ['scripts/build-verify-page.mjs'])
    await h.start()
    saveAs = join(h.dir, 'пакет.zip')
    backupFolder = join(h.dir, 'флешка')
    await mkdir(backupFolder)
    await h.createVault('хранилище')
    const video = join(h.dir, 'видео обыска.mp4')
    const photo = join(h.dir, 'протокол, стр. 1.jpg')
    await writeFile(video, randomBytes(VIDEO_BYTES))
    await writeFile(photo, 'jpeg bytes')
    const entry = await h.service.addAttachment({
      files: [{ path: photo }, { path: video }],
      title: 'Обыск: видео и протокол'
    })
    videoSeq = entry.seq
  })

  afterAll(async () => {
    await h.stop()
  })

  /**
   * From now on, every value the page's byte bar shows, in order (it appears and updates),
   * and every text of the busy line beside it.
   */
  const watchBar = () =>
    h.page.evaluate(() => {
      const seen: number[] = []
      const texts: string[] = []
      ;(globalThis as unknown as { barValues: number[] }).barValues = seen
      ;(globalThis as unknown as { busyTexts: string[] }).busyTexts = texts
      const note = (node: Node) => {
        if (node instanceof HTMLProgressElement && node.classList.contains('bytes'))
          if (seen.at(-1) !== node.value) seen.push(node.value)
      }
      new MutationObserver((changes) => {
        const busy = document.querySelector('.notice.busy')?.textContent
        if (busy != null && texts.at(-1) !== busy) texts.push(busy)
        for (const change of changes) {
          note(change.target)
          for (const added of change.addedNodes) {
            note(added)
            if (added instanceof Element) added.querySelectorAll('progress').forEach(note)
          }
        }
      }).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
        attributeFilter: ['value', 'max']
      })
    })
  const barValues = () =>
    h.page.evaluate(() => (globalThis as unknown as { barValues: number[] }).barValues)

  /**
   * The busy line says how long is left from the first byte: "estimating…" until a second of
   * progress gives a rate, then the estimate; nothing only once everything is written (a fast
   * export showed no time left at all, the estimate comes after a second).
   */
  const expectTimeLeftFromTheStart = async () => {
    const texts = await h.page.evaluate(
      () => (globalThis as unknown as { busyTexts: string[] }).busyTexts
    )
    const running = texts.filter((text) => /\d %/.test(text))
    expect(running.length, texts.join('\n')).toBeGreaterThan(0)
    expect(running[0]).toContain(t('ui.progress.estimating'))
    const leftWords = t('ui.progress.left', { time: '\u0000' }).split('\u0000')
    for (const text of running) {
      const said = text.slice(text.lastIndexOf(')') + 1).trim()
      const left = leftWords.every((word) => said.includes(word.trim()))
      expect(said === t('ui.progress.estimating') || left || /100 %/.test(text), text).toBe(true)
    }
  }

  /** The byte counts of `event` since the log held `from` events. */
  const progressSince = (from: number, event: EventName) =>
    h.events.log
      .slice(from)
      .filter((e) => e.event === event)
      .map((e) => e.payload as { bytesDone: number; bytesTotal: number })

  /** Each count larger than the one before, ending at the total; the bar moved through them. */
  const expectMoving = (
    events: { bytesDone: number; bytesTotal: number }[],
    bar: number[],
    atLeast: number
  ) => {
    const total = events[0]?.bytesTotal ?? 0
    expect(total).toBeGreaterThanOrEqual(atLeast)
    expect(events.every((p) => p.bytesTotal === total)).toBe(true)
    for (let i = 1; i < events.length; i++)
      expect(events[i]?.bytesDone).toBeGreaterThan(events[i - 1]?.bytesDone ?? 0)
    expect(events.at(-1)?.bytesDone).toBe(total)
    // The page's bar: rising, and seen part-way (neither empty nor full) at least once.
    for (let i = 1; i < bar.length; i++) expect(bar[i]).toBeGreaterThan(bar[i - 1] ?? 0)
    expect(bar.some((value) => value > 0 && value < total)).toBe(true)
  }

  it('asks once before replacing a bundle, and shows the bytes written moving on a bar', async () => {
    const { page, service } = h
    await page.goto(`${h.origin}/`)
    await h.language('ru')
    await h.nav('ui.nav.export').click()
    await h.heading('ui.export.title').waitFor()
    await page.getByRole('checkbox', { name: /Обыск: видео и протокол/ }).check()
    await writeFile(saveAs, 'a bundle already handed over')
    await h.button('ui.export.chooseFile').click()
    await page.getByText(saveAs, { exact: true }).waitFor()
    const submit = page.getByRole('button', { name: t('ui.export.submit', { count: 1 }) })

    // The question takes the focus; Escape leaves the file as it was, and so does Cancel.
    await submit.click()
    const question = page
      .getByRole('alert')
      .filter({ hasText: t('ui.export.exists', { path: saveAs }) })
    await question.waitFor()
    expect(await question.evaluate((box) => box.contains(document.activeElement))).toBe(true)
    await page.keyboard.press('Escape')
    await question.waitFor({ state: 'detached' })
    await submit.click()
    await question.getByRole('button', { name: t('ui.cancel'), exact: true }).click()
    await question.waitFor({ state: 'detached' })
    expect(await readFile(saveAs, 'utf8')).toBe('a bundle already handed over')
    expect(service.list({ kinds: ['custody'] })).toHaveLength(0)

    // Replace: the bar follows the bytes written into the bundle.
    await submit.click()
    await watchBar()
    const logged = h.events.log.length
    await question.getByRole('button', { name: t('ui.export.replace'), exact: true }).click()
    await h.heading('ui.exportDone.title').waitFor({ timeout: 120_000 })
    expectMoving(progressSince(logged, 'exportProgress'), await barValues(), VIDEO_BYTES)
    await expectTimeLeftFromTheStart()
    expect(service.list({ kinds: ['custody'] })).toHaveLength(1)
    expect(h.pageErrors).toEqual([])
  }, 240_000)

  it('names each attachment of a bundle as it was recorded, beside its path in the zip', async () => {
    const { page } = h
    bundleToCheck = saveAs
    const expected = await h.service.verifyBundle(saveAs)
    expect(expected.ok).toBe(true)
    await h.nav('ui.nav.verifyBundle').click()
    await h.heading('ui.verifyBundle.title').waitFor()
    await h.button('ui.verifyBundle.choose').click()
    await page.locator('.verdict.success').waitFor({ timeout: 60_000 })
    const files = await page.locator('ul.bundle-files li').allTextContents()
    expect(files).toEqual([
      t('ui.verifyBundle.attachment', {
        path: `entries/${videoSeq}/0.jpg`,
        name: 'протокол, стр. 1.jpg'
      }),
      t('ui.verifyBundle.attachment', {
        path: `entries/${videoSeq}/1.mp4`,
        name: 'видео обыска.mp4'
      })
    ])
    await h.shoot('verify-bundle-names')
    expect(h.pageErrors).toEqual([])
  }, 180_000)

  it('shows the bytes of a backup moving on a bar', async () => {
    const { page } = h
    await h.nav('ui.nav.backup').click()
    await h.heading('ui.backup.title').waitFor()
    await watchBar()
    const logged = h.events.log.length
    await h.button('ui.backup.chooseFolder').click()
    await page.locator('.notice.success').getByText(t('ui.backup.doneNext')).waitFor({
      timeout: 120_000
    })
    expectMoving(progressSince(logged, 'backupProgress'), await barValues(), VIDEO_BYTES)
    await expectTimeLeftFromTheStart()
    expect(h.pageErrors).toEqual([])
  }, 240_000)
})
