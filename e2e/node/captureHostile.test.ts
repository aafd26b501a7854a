import { monitorEventLoopDelay } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import type { WebCaptureProgress } from '../../src-main/node/capture/WebCaptureRun'
import { CAPTURE_GRACE_MS } from '../../src-main/node/capture/captureSession'
import { ARTICLE_TITLE, HOSTILE_TEXT } from '../fixtures/captureFixtureServer'
import { TEST_CHROMIUM, suiteName, useCaptureSuite } from '../fixtures/captureTestKit'

/**
 * Pages built to keep `capture` from ever ending (issue 15, item 1), in one batch with an
 * ordinary article after them: every capture ends by its hard deadline, the hostile ones are
 * recorded as failed captures with what was gathered, and the article is still captured.
 */
const TIMEOUT_MS = 3000
/**
 * What the record's two times can add to the capture's span beyond its deadline: each is an
 * ISO time in whole ms (1), and the wall clock they are read from may be slewed against the
 * monotonic one the deadline runs on by up to 500 ppm (NTP's limit: 7 ms over 13 s).
 */
const RECORD_PRECISION_MS = 8

describe.skipIf(TEST_CHROMIUM === null)(suiteName('hostile pages (capture ends)'), () => {
  // The vault's real clock: each capture's startedAt and endedAt are then its real span.
  const { fixtures, service, browser } = useCaptureSuite('dalel-hostile-', {
    clock: { now: () => new Date() }
  })

  it('records every hostile page as a failed or partial capture within its hard limit, and captures the next URL', async () => {
    const paths = [
      '/hostile/loop-after-load',
      '/hostile/loop-before-load',
      '/hostile/alert-loop',
      '/hostile/huge-dom',
      '/hostile/oom',
      '/hostile/refresh-loop/0',
      '/article'
    ]
    const progress: WebCaptureProgress[] = []
    const started = performance.now()
    // The deadline is a timer of this process: it can fire no earlier than the process runs.
    // How late its timers ran (a loaded machine deschedules it; a long task blocks it) is
    // measured over the batch, and a capture may end that much after its deadline.
    const lateness = monitorEventLoopDelay({ resolution: 10 })
    lateness.enable()
    try {
      await service.captureWeb(
        paths.map((p) => `${fixtures.http}${p}`),
        {
          browser: browser(),
          toolVersion: '0.1.0-test',
          timeoutMs: TIMEOUT_MS,
          onRecorded: (p) => progress.push(p)
        }
      )
    } finally {
      lateness.disable()
    }
    const total = (performance.now() - started) / 1000
    const lateMs = lateness.max / 1e6
    const spanMs = (p: WebCaptureProgress) =>
      Date.parse(p.payload.endedAt) - Date.parse(p.payload.startedAt)
    console.info(
      `hostile batch: ${total.toFixed(1)} s, timers up to ${Math.round(lateMs)} ms late; ` +
        progress
          .map(
            (p) =>
              `${p.url.replace(fixtures.http, '')} ${p.payload.outcome} ` +
              `${(spanMs(p) / 1000).toFixed(1)} s capture, ${p.seconds.toFixed(1)} s in all`
          )
          .join(', ')
    )
    expect(progress.map((p) => p.url.replace(fixtures.http, ''))).toEqual(paths)
    // Each capture, from its startedAt to its endedAt, ends by its hard deadline. The rest of
    // a URL's time (opening a page, a browser restarted after one was killed, closing the
    // page, encrypting and writing the entry) has deadlines of its own or none the page
    // controls, and grows with the machine's load; it is not what a hostile page can stretch.
    for (const p of progress)
      expect(spanMs(p), p.url).toBeLessThanOrEqual(
        TIMEOUT_MS + CAPTURE_GRACE_MS + lateMs + RECORD_PRECISION_MS
      )
    const byPath = new Map(progress.map((p) => [p.url.replace(fixtures.http, ''), p]))
    const outcome = (path: string) => byPath.get(path)?.payload.outcome

    // A page that busy-loops after its load: the document arrived, it is kept as far as read.
    const after = byPath.get('/hostile/loop-after-load')?.payload
    expect(after?.outcome).toBe('page-unresponsive')
    expect(after?.status).toBe(200)
    // The outcome says it; no English sentence is stored beside it (issue 12 item 10).
    expect(after?.reason).toBeUndefined()
    // Before its load: the load never comes; recorded with the response that did.
    expect(outcome('/hostile/loop-before-load')).toBe('page-unresponsive')
    expect(byPath.get('/hostile/loop-before-load')?.payload.status).toBe(200)
    // Dialogs are dismissed as they open; a loop of them still ends.
    expect(['page-unresponsive', 'captured']).toContain(outcome('/hostile/alert-loop'))
    expect(['page-unresponsive', 'captured', 'page-crashed']).toContain(
      outcome('/hostile/huge-dom')
    )
    // The JavaScript heap is capped (1 GiB), so the renderer dies in seconds, not minutes.
    expect(['page-crashed', 'page-unresponsive']).toContain(outcome('/hostile/oom'))
    // A refresh loop is followed until the time limit; then either no document had arrived
    // (timeout), or the one that had is frozen and captured, or the reads of it ran into the
    // next refresh past their grace (page-unresponsive; seen once in 3 clean CI runs).
    const loop = byPath.get('/hostile/refresh-loop/0')?.payload
    if (loop?.outcome === 'captured') expect(loop.text).toContain(HOSTILE_TEXT)
    else expect(['timeout', 'page-unresponsive']).toContain(loop?.outcome)

    // Each failed entry still has its HAR, and the article after them is whole.
    for (const p of progress) {
      const roles = p.view.entry?.attachments.map((a) => a.role) ?? []
      expect(roles, p.url).toContain('har')
    }
    const article = byPath.get('/article')
    expect(article?.payload).toMatchObject({ outcome: 'captured', title: ARTICLE_TITLE })
    expect(article?.view.entry?.attachments.map((a) => a.role)).toEqual([
      'screenshot-full',
      'screenshot-viewport',
      'mhtml',
      'dom',
      'text',
      'har'
    ])
    expect((await service.verify()).ok).toBe(true)
  }, 240_000)
})
