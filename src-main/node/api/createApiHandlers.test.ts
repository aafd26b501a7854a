import { createHash } from 'node:crypto'
import { readFile, readdir, statfs, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { DalelEvents, EventName, MethodName } from '../../common/contract/DalelApi'
import { METHOD_NAMES } from '../../common/contract/DalelApi'
import type { Result } from '../../common/contract/Result'
import { translate } from '../../common/i18n/translate'
import { CaptureFixtures } from '../../../e2e/fixtures/captureFixtureServer'
import { TEST_CHROMIUM, suiteName } from '../../../e2e/fixtures/captureTestKit'
import { makeTestPki } from '../testing/testCertificates'
import type { CaptureBrowser } from '../ports/CdpTransport'
import { launchChromium } from '../capture/launchChromium'
import { SHM_DIR, ramTempParent } from '../capture/ramTempParent'
import { VaultService } from '../services/VaultService'
import { TEST_KDF, TEST_PASSPHRASE, steppingClock, tempDir } from '../testing/testVault'
import { SettingsStore } from './SettingsStore'
import { createApiHandlers, progressEstimator } from './createApiHandlers'
import type { ApiDeps, ApiHandlers } from './createApiHandlers'

/**
 * The contract's handlers over a real VaultService and a real vault in a temp dir: what the
 * page may send, what it gets back, and which events it hears.
 */

type Emitted = { [E in EventName]: { event: E; payload: DalelEvents[E] } }[EventName]

interface Harness {
  handlers: ApiHandlers
  service: VaultService
  settings: SettingsStore
  events: Emitted[]
  internalErrors: unknown[]
}

async function harness(dir: string, overrides: Partial<ApiDeps> = {}): Promise<Harness> {
  const service = new VaultService({ clock: steppingClock() })
  const settings = await SettingsStore.open(join(dir, 'settings.json'))
  const events: Emitted[] = []
  const internalErrors: unknown[] = []
  const handlers = createApiHandlers({
    service,
    settings,
    captureBrowser: () => Promise.reject(new Error('no browser in unit tests')),
    emit: (event, payload) => {
      events.push({ event, payload } as Emitted)
    },
    toolVersion: '0.0.0-test',
    kdfLimits: TEST_KDF,
    onInternalError: (_method, error) => {
      internalErrors.push(error)
    },
    ...overrides
  })
  return { handlers, service, settings, events, internalErrors }
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
  return result.value
}

function failure<T>(result: Result<T>): { code: string; params: object; message: string } {
  if (result.ok) throw new Error('expected a failure, got ok')
  return result.error
}

describe('createApiHandlers', () => {
  let dir = ''
  let remove: () => Promise<void> = () => Promise.resolve()
  let h: Harness
  let recoveryCode = ''
  const vaultPath = () => join(dir, 'vault')

  beforeAll(async () => {
    ;({ path: dir, remove } = await tempDir('dalel-api-'))
    h = await harness(dir)
    const created = value(
      await h.handlers.createVault({
        path: vaultPath(),
        passphrase: TEST_PASSPHRASE,
        author: 'Айгерим'
      })
    )
    recoveryCode = created.recoveryCode
  })
  afterAll(async () => {
    await h.service.lock()
    await remove()
  })

  it('answers every method of the contract', () => {
    expect(Object.keys(h.handlers).sort()).toEqual([...METHOD_NAMES].sort())
  })

  describe('refuses bad arguments with invalid-input and the field, before touching the vault', () => {
    const cases: [MethodName, unknown, string][] = [
      ['createVault', { path: '', passphrase: 'x' }, 'path'],
      ['createVault', { path: '/tmp/v', passphrase: '' }, 'passphrase'],
      ['createVault', { path: '/tmp/v', passphrase: 'x', kdf: 1 }, 'kdf'],
      ['unlock', { path: '/tmp/v', secret: { password: 'x' } }, 'secret'],
      ['unlock', 'not an object', 'args'],
      ['lock', { now: true }, 'args'],
      ['list', { limit: -1 }, 'limit'],
      ['list', { kinds: ['diary'] }, 'kinds.0'],
      ['search', { query: '   ' }, 'query'],
      ['getEntry', { ref: 5 }, 'ref'],
      ['addNote', { title: ' ' }, 'title'],
      ['addNote', { title: 'ok', tags: 'one' }, 'tags'],
      ['addIncident', { title: 'Обыск', type: 'coup' }, 'type'],
      [
        'addIncident',
        { title: 'Обыск', type: 'search', officials: [{ rank: 'x' }] },
        'officials.0.rank'
      ],
      ['addAttachment', { paths: [] }, 'paths'],
      ['chooseFolder', { purpose: 'home' }, 'purpose'],
      ['captureUrl', { urls: [] }, 'urls'],
      ['captureUrl', { urls: ['https://example.org'], timeoutSeconds: 0 }, 'timeoutSeconds'],
      ['amend', { target: '1', reason: '' }, 'reason'],
      ['withdraw', { target: '1' }, 'reason'],
      ['exportBundle', { out: '/tmp/x.zip', entries: [] }, 'entries'],
      ['backup', { dir: 42 }, 'dir'],
      ['restore', { backupDir: '/b', vaultDir: '/v', secret: {} }, 'secret'],
      ['setSettings', { language: 'de' }, 'language'],
      ['setSettings', { autoLockMinutes: 1.5 }, 'autoLockMinutes'],
      ['setSettings', { theme: 'dark' }, 'theme'],
      ['watchAdd', { url: 'https://example.org/', everySeconds: 0 }, 'everySeconds'],
      ['watchAdd', { url: 'https://example.org/', everySeconds: 86_401 }, 'everySeconds'],
      ['watchAdd', { url: 'ftp://example.org/', everySeconds: 60 }, 'url'],
      ['watchRemove', { url: 'https://not-watched.example.org/' }, 'url'],
      ['watchCheck', {}, 'url'],
      ['watchHistory', { url: 'https://never-probed.example.org/' }, 'url']
    ]
    it.each(cases)('%s %j → field %s', async (method, args, field) => {
      const before = h.service.summary().entries
      const answer: Result<unknown> = await h.handlers[method](args)
      const error = failure(answer)
      expect(error.code).toBe('invalid-input')
      expect(error.params).toEqual({ field })
      expect(error.message).toBe(translate('en', 'error.invalid-input', { field }))
      expect(h.service.summary().entries).toBe(before)
    })
  })

  it('answers a DalelError with its code, its params and a message in the chosen language', async () => {
    const other = await harness(dir)
    value(await other.handlers.setSettings({ language: 'ru' }))
    const error = failure(
      await other.handlers.unlock({ path: vaultPath(), secret: { passphrase: 'не тот пароль' } })
    )
    expect(error.code).toBe('wrong-passphrase')
    expect(error.message).toBe(translate('ru', 'error.wrong-passphrase'))
    expect(error.message).not.toBe(translate('en', 'error.wrong-passphrase'))
    value(await other.handlers.setSettings({ language: 'en' }))
  })

  it('answers an unforeseen error with code internal, never its message or stack', async () => {
    const broken = await harness(dir, {
      chooseFiles: () => Promise.reject(new Error('EACCES /home/secret/sources.txt'))
    })
    const error = failure(await broken.handlers.chooseFiles(undefined))
    expect(error.code).toBe('internal')
    expect(error.params).toEqual({})
    expect(JSON.stringify(error)).not.toContain('secret')
    expect(JSON.stringify(error)).not.toContain('at ')
    expect(broken.internalErrors).toHaveLength(1)
  })

  it('creates a vault, shows the recovery code once and remembers the vault path', async () => {
    expect(recoveryCode).toMatch(/\S{10,}/)
    expect(h.settings.get().lastVaultPath).toBe(vaultPath())
    const status = value(await h.handlers.status(undefined))
    expect(status?.path).toBe(vaultPath())
    // A second vault over the first is refused, translated.
    const again = failure(
      await h.handlers.createVault({ path: vaultPath(), passphrase: 'другой пароль' })
    )
    expect(again.code).toBe('vault-exists')
    // createVault locked the first one and left it; unlock it again for the next tests.
    value(await h.handlers.unlock({ path: vaultPath(), secret: { passphrase: TEST_PASSPHRASE } }))
  })

  it('locks (the page hears "locked") and unlocks with the passphrase or the recovery code', async () => {
    h.events.length = 0
    expect(value(await h.handlers.lock(undefined))).toBeNull()
    expect(h.events).toEqual([{ event: 'locked', payload: { reason: 'user' } }])
    expect(value(await h.handlers.status(undefined))).toBeNull()
    expect(failure(await h.handlers.list({})).code).toBe('vault-locked')
    const byCode = value(await h.handlers.unlock({ path: vaultPath(), secret: { recoveryCode } }))
    expect(byCode.path).toBe(vaultPath())
    value(await h.handlers.lock(null))
    const byPassphrase = value(
      await h.handlers.unlock({ path: vaultPath(), secret: { passphrase: TEST_PASSPHRASE } })
    )
    expect(byPassphrase.vaultId).toBe(byCode.vaultId)
  })

  it('adds a note, finds it by search and by ref, and lists it by kind', async () => {
    const note = value(
      await h.handlers.addNote({
        title: 'Звонок из акимата',
        body: 'Угрожали лишением аккредитации',
        occurredAt: '2026-02-28T18:30:00Z',
        tags: ['угроза']
      })
    )
    expect(note.kind).toBe('note')
    expect(note.entry?.title).toBe('Звонок из акимата')
    expect(note.entry?.payload).toEqual({
      body: 'Угрожали лишением аккредитации',
      tags: ['угроза']
    })
    const found = value(await h.handlers.search({ query: 'аккредитации' }))
    expect(found.map((v) => v.seq)).toContain(note.seq)
    expect(value(await h.handlers.getEntry({ ref: String(note.seq) })).id).toBe(note.id)
    const notes = value(await h.handlers.list({ kinds: ['note'] }))
    expect(notes.every((v) => v.kind === 'note')).toBe(true)
    expect(notes.map((v) => v.seq)).toContain(note.seq)
    expect(failure(await h.handlers.getEntry({ ref: '9999' })).code).toBe('entry-not-found')
  })

  it('adds an incident with every structured field, as given', async () => {
    const fields = {
      type: 'search',
      body: 'Пришли в 7 утра',
      place: 'Алматы, редакция',
      peopleInvolved: ['Айгерим', 'Нурлан'],
      officials: [{ name: 'Иванов', position: 'майор', unit: 'ДП Алматы' }, { unit: 'КНБ' }],
      legalBasisShown: 'постановление суда № 12',
      itemsSeized: ['ноутбук', 'телефон'],
      lawyersAdmitted: ['Сериков'],
      lawyersRefused: ['Ахметова'],
      witnesses: ['сосед'],
      tags: ['обыск']
    } as const
    const incident = value(
      await h.handlers.addIncident({
        title: 'Обыск',
        occurredAt: '2026-03-01T07:00:00Z',
        ...fields
      })
    )
    expect(incident.entry?.kind).toBe('incident')
    expect(incident.entry?.occurredAt).toBe('2026-03-01T07:00:00Z')
    expect(incident.entry?.payload).toEqual(fields)
    // Empty lists are left out, not recorded as [].
    const bare = value(
      await h.handlers.addIncident({ title: 'DDoS', type: 'ddos', witnesses: [], officials: [] })
    )
    expect(bare.entry?.payload).toEqual({ type: 'ddos' })
  })

  it('takes the incident fields added since: case number, end time, people present', async () => {
    const fields = {
      type: 'search',
      caseNumber: '№ 12-2026',
      endedAt: '2026-03-01T08:30:00Z',
      peoplePresent: [{ name: 'Оспанова Г.', role: 'понятой' }, { role: 'следователь' }]
    } as const
    const incident = value(await h.handlers.addIncident({ title: 'Обыск', ...fields }))
    expect(incident.entry?.payload).toEqual(fields)
  })

  it('attaches files only from paths allowPath accepts', async () => {
    const file = join(dir, 'протокол.txt')
    await writeFile(file, 'Протокол обыска')
    const refusing = await harness(dir, { allowPath: (_purpose, p) => p.startsWith('/chosen/') })
    value(
      await refusing.handlers.unlock({ path: vaultPath(), secret: { passphrase: TEST_PASSPHRASE } })
    )
    const refused = failure(await refusing.handlers.addAttachment({ paths: [file] }))
    expect(refused).toMatchObject({ code: 'invalid-input', params: { field: 'paths' } })
    await refusing.service.lock()

    const attached = value(await h.handlers.addAttachment({ paths: [file], title: 'Протокол' }))
    expect(attached.entry?.attachments[0]?.name).toBe('протокол.txt')
    expect(attached.entry?.attachments[0]?.sha256).toBe(
      createHash('sha256').update('Протокол обыска').digest('hex')
    )
  })

  it('amends and withdraws', async () => {
    const note = value(await h.handlers.addNote({ title: 'Черновик' }))
    const amendment = value(
      await h.handlers.amend({ target: String(note.seq), reason: 'опечатка', title: 'Исправлено' })
    )
    expect(amendment.kind).toBe('amendment')
    const withdrawal = value(
      await h.handlers.withdraw({ target: note.id, reason: 'личные данные' })
    )
    expect(withdrawal.kind).toBe('withdrawal')
    expect(value(await h.handlers.getEntry({ ref: note.id })).entry).toBeNull()
  })

  it('verifies the vault and maps the report to the view', async () => {
    const report = value(await h.handlers.verify(undefined))
    expect(report.ok).toBe(true)
    expect(report.problems).toEqual([])
    expect(report.entries).toBe(h.service.summary().entries)
    expect(report.head?.seq).toBe(report.entries)
  })

  it('captures only http(s) addresses, checking them all before asking for the browser', async () => {
    let asked = 0
    const counting = await harness(dir, {
      captureBrowser: () => {
        asked += 1
        return Promise.reject(new Error('chromium: not found'))
      }
    })
    value(await counting.handlers.unlock({ path: vaultPath(), secret: { recoveryCode } }))
    const bad = failure(
      await counting.handlers.captureUrl({ urls: ['https://example.org/', 'file:///etc/passwd'] })
    )
    expect(bad).toMatchObject({ code: 'invalid-input', params: { field: 'url' } })
    expect(asked).toBe(0)
    const noBrowser = failure(
      await counting.handlers.captureUrl({ urls: ['https://example.org/'] })
    )
    expect(noBrowser.code).toBe('browser-unavailable')
    expect(noBrowser.params).toEqual({ detail: 'chromium: not found' })
    expect(asked).toBe(1)
    expect(counting.events).toEqual([])
    await counting.service.lock()
  })

  it('exports a bundle whose SHA-256 is the file written, recorded as custody', async () => {
    const out = join(dir, 'bundle.zip')
    const result = value(
      await h.handlers.exportBundle({ out, entries: 'all', recipient: 'адвокат' })
    )
    expect(result.path).toBe(out)
    expect(result.sha256).toBe(
      createHash('sha256')
        .update(await readFile(out))
        .digest('hex')
    )
    expect(result.custody.kind).toBe('custody')
    expect(result.disclosed.length).toBeGreaterThan(0)
  })

  it('prints the report with the report browser, never asking the capture browser', async () => {
    const asked: string[] = []
    const other = await harness(dir, {
      captureBrowser: () => {
        asked.push('capture')
        return Promise.reject(new Error('the logged-in capture session'))
      },
      reportBrowser: () => {
        asked.push('report')
        return Promise.reject(new Error('no printer in unit tests'))
      }
    })
    // One writer at a time: the vault refuses a journal another Dalel appended to behind its
    // back (vault-written-elsewhere), so the first harness lets go while the second writes.
    await h.service.lock()
    value(await other.handlers.unlock({ path: vaultPath(), secret: { recoveryCode } }))
    const out = join(dir, 'printed.zip')
    value(await other.handlers.exportBundle({ out, entries: 'all' }))
    expect(asked).toEqual(['report'])
    await other.service.lock()
    value(await h.handlers.unlock({ path: vaultPath(), secret: { recoveryCode } }))
  })

  it('backs up with progress events, remembers the target, and restores', async () => {
    h.events.length = 0
    const target = join(dir, 'usb')
    const result = value(await h.handlers.backup({ dir: target }))
    expect(result.dir).toBe(target)
    expect(result.filesWritten).toBeGreaterThan(0)
    expect(result.custody.kind).toBe('custody')
    const progress = h.events.filter((e) => e.event === 'backupProgress')
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.at(-1)?.payload).toMatchObject({ secondsLeft: 0 })
    expect(h.settings.get().lastBackupTarget).toBe(target)

    const restoredPath = join(dir, 'restored')
    const restored = await harness(dir)
    const summary = value(
      await restored.handlers.restore({
        backupDir: target,
        vaultDir: restoredPath,
        secret: { passphrase: TEST_PASSPHRASE }
      })
    )
    expect(summary.vaultId).toBe(h.service.summary().vaultId)
    expect(restored.settings.get().lastVaultPath).toBe(restoredPath)
    await restored.service.lock()
  })

  it('lists removable drives (none here) without failing, locked or not', async () => {
    expect(Array.isArray(value(await h.handlers.removableDrives(undefined)))).toBe(true)
  })

  it("says whether captures' temporary files stay in RAM: the app's answer, else this machine's", async () => {
    expect(value(await h.handlers.captureTempDir(undefined))).toEqual({
      inRam: ramTempParent(await statfs(SHM_DIR).catch(() => null)) !== null
    })
    for (const inRam of [true, false]) {
      const app = await harness(dir, { captureTempInRam: () => inRam })
      expect(value(await app.handlers.captureTempDir(undefined))).toEqual({ inRam })
    }
    expect(failure(await h.handlers.captureTempDir({ path: '/tmp' })).code).toBe('invalid-input')
  })

  it('reads and writes settings, which survive a restart', async () => {
    const settings = value(await h.handlers.setSettings({ language: 'kk', autoLockMinutes: 5 }))
    expect(settings).toMatchObject({ language: 'kk', autoLockMinutes: 5 })
    expect(value(await h.handlers.getSettings(undefined))).toEqual(settings)
    const reopened = await SettingsStore.open(join(dir, 'settings.json'))
    expect(reopened.get()).toEqual(settings)
    // Messages follow the new language at once.
    expect(failure(await h.handlers.search({ query: '' })).message).toBe(
      translate('kk', 'error.invalid-input', { field: 'query' })
    )
    value(await h.handlers.setSettings({ language: 'en' }))
    expect((await readdir(dir)).filter((name) => name.startsWith('.tmp-'))).toEqual([])
  })

  it('asks the dialogs it was given, and answers "cancelled" without them', async () => {
    expect(value(await h.handlers.chooseFiles(undefined))).toEqual([])
    expect(value(await h.handlers.chooseFolder({ purpose: 'vault' }))).toBeNull()
    const withDialogs = await harness(dir, {
      chooseFiles: () => Promise.resolve(['/home/a/photo.jpg']),
      chooseFolder: (purpose) => Promise.resolve(`/home/a/${purpose}`)
    })
    const hashing = vi.spyOn(withDialogs.service, 'hashAhead')
    expect(value(await withDialogs.handlers.chooseFiles(undefined))).toEqual(['/home/a/photo.jpg'])
    // The chosen files are hashed while the journalist fills in the attach form.
    expect(hashing).toHaveBeenCalledWith(['/home/a/photo.jpg'])
    expect(value(await withDialogs.handlers.chooseFolder({ purpose: 'backup' }))).toBe(
      '/home/a/backup'
    )
  })
})

describe('progressEstimator', () => {
  it('promises no time until a second has passed, then estimates from the average rate', () => {
    let now = 0
    const estimate = progressEstimator(() => now)
    now = 500
    expect(estimate(100, 1000)).toEqual({ bytesDone: 100, bytesTotal: 1000, secondsLeft: null })
    now = 2000
    // 400 bytes in 2 s: 200 B/s, 600 left → 3 s.
    expect(estimate(400, 1000)).toEqual({ bytesDone: 400, bytesTotal: 1000, secondsLeft: 3 })
  })

  it('thins events to ten a second but always sends the last', () => {
    let now = 0
    const estimate = progressEstimator(() => now)
    expect(estimate(1, 10)).not.toBeNull()
    now = 50
    expect(estimate(2, 10)).toBeNull()
    now = 60
    expect(estimate(10, 10)).toEqual({ bytesDone: 10, bytesTotal: 10, secondsLeft: 0 })
  })
})

describe.skipIf(TEST_CHROMIUM === null)(suiteName('createApiHandlers: captureUrl'), () => {
  const fixtures = new CaptureFixtures()
  let dir = ''
  let remove: () => Promise<void> = () => Promise.resolve()
  let browser: CaptureBrowser | null = null
  let h: Harness

  beforeAll(async () => {
    ;({ path: dir, remove } = await tempDir('dalel-api-capture-'))
    await fixtures.start(makeTestPki(dir))
    h = await harness(dir, {
      captureBrowser: async () => {
        browser ??= await launchChromium({ executablePath: TEST_CHROMIUM ?? '' })
        return browser
      }
    })
    value(await h.handlers.createVault({ path: join(dir, 'vault'), passphrase: TEST_PASSPHRASE }))
  })
  afterAll(async () => {
    await h.service.lock()
    await browser?.close()
    await fixtures.close()
    await remove()
  })

  it('captures each URL, telling the page "loading" and then "recorded" for each', async () => {
    const urls = [`${fixtures.http}/article`, `${fixtures.http}/gone`]
    const views = value(await h.handlers.captureUrl({ urls, timeoutSeconds: 20 }))
    expect(views.map((v) => v.kind)).toEqual(['web-capture', 'web-capture'])
    const progress = h.events.flatMap((e) => (e.event === 'captureProgress' ? [e.payload] : []))
    expect(progress.map((p) => [p.index, p.total, p.stage, p.outcome])).toEqual([
      [1, 2, 'loading', undefined],
      [1, 2, 'recorded', 'captured'],
      [2, 2, 'loading', undefined],
      [2, 2, 'recorded', 'http-error']
    ])
    expect(progress[1]?.entry?.seq).toBe(views[0]?.seq)
    // The browser is the caller's: still open after the capture.
    expect(browser).not.toBeNull()
    const entry = views[0]?.entry
    const shot = entry?.attachments.findIndex((a) => a.role === 'screenshot-viewport') ?? -1
    const preview = await h.service.previewAttachment(views[0]?.seq ?? 0, shot)
    expect(preview?.mediaType).toBe('image/png')
  })
})
