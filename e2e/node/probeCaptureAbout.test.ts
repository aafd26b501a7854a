import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProbeProgress } from '../../src-main/node/probe/ProbeRun'
import { launchChromium } from '../../src-main/node/capture/launchChromium'
import { useTestService } from '../../src-main/node/testing/useTestService'
import { AvailabilityServer } from '../fixtures/AvailabilityServer'
import { TEST_CHROMIUM, suiteName } from '../fixtures/captureTestKit'

/**
 * A probe series about an incident (`--about`) that captures the page when its outcome
 * changes (`--capture-on-change`): a real Chromium, a site on 127.0.0.1 that goes down.
 */
describe.skipIf(TEST_CHROMIUM === null)(
  suiteName('a probe’s capture on change, linked like its probes'),
  () => {
    const t = useTestService('dalel-probe-capture-about-')
    const site = new AvailabilityServer()
    beforeAll(async () => {
      await site.start()
    })
    afterAll(async () => {
      await site.close()
    })

    it('records the capture it makes as about the same entries as the probes', async () => {
      const incident = await t.service.addIncident({ type: 'ddos', title: 'DDoS на сайт редакции' })
      const note = await t.service.addNote({ title: 'Сайт не открывается у читателей' })
      const heard: ProbeProgress[] = []
      const run = {
        toolVersion: '0.1.0-test',
        timeoutMs: 5000,
        about: [String(incident.seq), note.id],
        captureOnChange: {
          openBrowser: async () => launchChromium({ executablePath: TEST_CHROMIUM ?? '' }),
          timeoutMs: 15_000
        },
        onRecorded: (progress: ProbeProgress) => heard.push(progress)
      }
      await site.setMode('ok')
      await t.service.probeWeb([site.url], run)
      await site.setMode({ status: 503 })
      await t.service.probeWeb([site.url], run)
      const [up, down] = heard
      const about = [
        { seq: incident.seq, id: incident.id },
        { seq: note.seq, id: note.id }
      ]
      // The first probe had nothing to differ from; the second saw the site go down.
      expect(up?.capture).toBeUndefined()
      expect(down?.changedFrom?.outcome).toBe('ok')
      const capture = down?.capture
      expect(capture?.kind).toBe('web-capture')
      const shown = t.service.getEntry(capture?.id ?? '')
      expect(shown.entry?.kind).toBe('web-capture')
      expect(shown.entry?.payload).toMatchObject({ outcome: 'http-error', status: 503, about })
      expect(t.service.getEntry(down?.view.id ?? '').entry?.payload).toMatchObject({ about })
      // and both entries show it as referring to them, beside the probes
      const referring = t.service.getEntry(String(incident.seq)).linkedFrom.map((l) => l.kind)
      expect(referring).toEqual(['probe', 'probe', 'web-capture'])
    }, 60_000)
  }
)
