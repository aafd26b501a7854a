import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DROPPED_FILES_CHANNEL, METHOD_NAMES, channelOf } from '../common/contract/DalelApi'
import type { MethodName } from '../common/contract/DalelApi'
import type { Result } from '../common/contract/Result'
import { SettingsStore } from '../node/api/SettingsStore'
import { createApiHandlers } from '../node/api/createApiHandlers'
import type { ApiHandlers } from '../node/api/createApiHandlers'
import { VaultService } from '../node/services/VaultService'
import { steppingClock, tempDir } from '../node/testing/testVault'
import { isAppPageUrl } from './appOrigin'
import { createEventSender, isAppSender, registerDroppedFiles, registerIpc } from './registerIpc'
import type { EventTarget, InvokeEventLike, IpcMainLike } from './registerIpc'

type Listener = (event: InvokeEventLike, ...args: unknown[]) => unknown

/** ipcMain as the registration sees it: a table of channels and their listeners. */
class FakeIpcMain implements IpcMainLike {
  readonly listeners = new Map<string, Listener>()

  handle(channel: string, listener: Listener): void {
    if (this.listeners.has(channel)) throw new Error(`second handler for ${channel}`)
    this.listeners.set(channel, listener)
  }

  removeHandler(channel: string): void {
    this.listeners.delete(channel)
  }

  /** What ipcRenderer.invoke(channel, arg) from `event`'s frame would resolve with. */
  async invoke(channel: string, event: InvokeEventLike, arg?: unknown): Promise<Result<unknown>> {
    const listener = this.listeners.get(channel)
    if (listener === undefined) throw new Error(`no handler for ${channel}`)
    return (await listener(event, arg)) as Result<unknown>
  }
}

const mainContents = { id: 1 }
const otherContents = { id: 2 }
const topFrame = (url: string) => ({ url, parent: null })
const fromApp: InvokeEventLike = {
  sender: mainContents,
  senderFrame: topFrame('app://dalel/index.html')
}

/** Handlers that answer ok with what they were given, and count their calls. */
function echoHandlers(calls: { method: MethodName; arg: unknown }[]): ApiHandlers {
  const handlers: Record<string, (arg: unknown) => Promise<Result<unknown>>> = {}
  for (const method of METHOD_NAMES) {
    handlers[method] = (arg) => {
      calls.push({ method, arg })
      return Promise.resolve({ ok: true, value: arg ?? null })
    }
  }
  return handlers as unknown as ApiHandlers
}

function setup(appContents: unknown = mainContents) {
  const ipc = new FakeIpcMain()
  const calls: { method: MethodName; arg: unknown }[] = []
  const refused: { method: MethodName; url: string | null }[] = []
  const after: MethodName[] = []
  const unregister = registerIpc({
    ipc,
    handlers: echoHandlers(calls),
    appContents: () => appContents,
    message: (code) => `message for ${code}`,
    onRefused: (method, url) => refused.push({ method, url }),
    afterCall: (method) => after.push(method)
  })
  return { ipc, calls, refused, after, unregister }
}

function errorCode(result: Result<unknown>): string | null {
  return result.ok ? null : result.error.code
}

describe('registerIpc', () => {
  it('answers every method of the contract on its own channel, and nothing else', () => {
    const { ipc } = setup()
    expect([...ipc.listeners.keys()].sort()).toEqual(METHOD_NAMES.map(channelOf).sort())
  })

  it('passes the argument of the app page to the handler and returns its Result', async () => {
    const { ipc, calls, after } = setup()
    const result = await ipc.invoke(channelOf('search'), fromApp, { query: 'обыск' })
    expect(result).toEqual({ ok: true, value: { query: 'обыск' } })
    expect(calls).toEqual([{ method: 'search', arg: { query: 'обыск' } }])
    expect(after).toEqual(['search'])
  })

  it('accepts the app page with an in-page route', async () => {
    const { ipc } = setup()
    for (const url of [
      'app://dalel/',
      'app://dalel/index.html#/entries/3',
      'app://dalel/index.html?lang=kk'
    ]) {
      const result = await ipc.invoke(channelOf('status'), {
        sender: mainContents,
        senderFrame: topFrame(url)
      })
      expect(result.ok, url).toBe(true)
    }
  })

  it.each([
    [
      'another window (a capture window)',
      { sender: otherContents, senderFrame: topFrame('app://dalel/index.html') }
    ],
    [
      'an iframe of the app page',
      { sender: mainContents, senderFrame: { url: 'app://dalel/index.html', parent: {} } }
    ],
    ['a web page', { sender: mainContents, senderFrame: topFrame('https://evil.example/') }],
    [
      'a look-alike host',
      { sender: mainContents, senderFrame: topFrame('app://dalel.evil/index.html') }
    ],
    [
      'a user-info trick',
      { sender: mainContents, senderFrame: topFrame('app://dalel@evil/index.html') }
    ],
    [
      'another app document',
      { sender: mainContents, senderFrame: topFrame('app://dalel/attachment/1/0') }
    ],
    ['a file page', { sender: mainContents, senderFrame: topFrame('file:///tmp/index.html') }],
    ['about:blank', { sender: mainContents, senderFrame: topFrame('about:blank') }],
    ['a frame already gone', { sender: mainContents, senderFrame: null }]
  ] satisfies [string, InvokeEventLike][])(
    'refuses a request from %s with ipc-refused, without calling the handler',
    async (_name, event) => {
      const { ipc, calls, refused, after } = setup()
      for (const method of METHOD_NAMES) {
        const result = await ipc.invoke(channelOf(method), event, { path: '/etc/passwd' })
        expect(result).toEqual({
          ok: false,
          error: { code: 'ipc-refused', params: {}, message: 'message for ipc-refused' }
        })
      }
      expect(calls).toEqual([])
      expect(after).toEqual([])
      expect(refused).toHaveLength(METHOD_NAMES.length)
    }
  )

  it('refuses everything while there is no main window', async () => {
    const { ipc, calls } = setup(null)
    expect(errorCode(await ipc.invoke(channelOf('status'), fromApp))).toBe('ipc-refused')
    expect(calls).toEqual([])
  })

  it('answers a handler that throws with code internal instead of an exception', async () => {
    const ipc = new FakeIpcMain()
    const handlers = echoHandlers([])
    registerIpc({
      ipc,
      handlers: { ...handlers, verify: () => Promise.reject(new Error('secret detail')) },
      appContents: () => mainContents,
      message: (code) => code
    })
    const result = await ipc.invoke(channelOf('verify'), fromApp)
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', params: {}, message: 'internal' }
    })
    expect(JSON.stringify(result)).not.toContain('secret detail')
  })

  it('removes every handler when unregistered', () => {
    const { ipc, unregister } = setup()
    unregister()
    expect(ipc.listeners.size).toBe(0)
  })
})

describe('isAppSender and isAppPageUrl', () => {
  it('needs all of: the main contents, the top frame, the app page', () => {
    expect(isAppSender(fromApp, mainContents)).toBe(true)
    expect(isAppSender(fromApp, otherContents)).toBe(false)
    expect(isAppSender(fromApp, null)).toBe(false)
    expect(isAppPageUrl('app://dalel/index.html')).toBe(true)
    expect(isAppPageUrl('APP://dalel/index.html')).toBe(false)
    expect(isAppPageUrl('app://dalel/index.html/../x')).toBe(false)
    expect(isAppPageUrl('app://dalel/index.htm')).toBe(false)
  })
})

describe('arguments of the wrong shape, through the real handlers', () => {
  let dir = ''
  let remove: () => Promise<void> = () => Promise.resolve()
  let ipc: FakeIpcMain
  const handlerCalls: MethodName[] = []

  beforeAll(async () => {
    ;({ path: dir, remove } = await tempDir('dalel-ipc-'))
    const settings = await SettingsStore.open(join(dir, 'settings.json'))
    const handlers = createApiHandlers({
      service: new VaultService({ clock: steppingClock() }),
      settings,
      captureBrowser: () => Promise.reject(new Error('no browser here')),
      emit: () => undefined,
      toolVersion: '0.0.0-test',
      allowPath: () => false
    })
    ipc = new FakeIpcMain()
    registerIpc({
      ipc,
      handlers,
      appContents: () => mainContents,
      message: (code) => code,
      afterCall: (method) => handlerCalls.push(method)
    })
  })

  afterAll(async () => {
    await remove()
  })

  it.each([
    ['createVault', undefined],
    ['createVault', 'a string'],
    ['createVault', { path: 5, passphrase: 'x' }],
    [
      'createVault',
      { path: '/tmp/v', passphrase: 'x', kdfLimits: { opslimit: 1, memlimit: 8192 } }
    ],
    ['unlock', { path: '/tmp/v', secret: 'passphrase as a bare string' }],
    ['unlock', { path: '/tmp/v', secret: { passphrase: 'x', recoveryCode: 'y' } }],
    ['lock', { now: true }],
    ['status', [1]],
    ['list', { kinds: ['not-a-kind'] }],
    ['list', { limit: -1 }],
    ['search', { query: '   ' }],
    ['search', { query: { $gt: '' } }],
    ['getEntry', { ref: ['1'] }],
    ['addNote', { title: 'x', body: 42 }],
    ['addIncident', { title: 'x', type: 'not-a-type' }],
    ['addAttachment', { paths: [] }],
    ['chooseFolder', { purpose: '/etc' }],
    ['captureUrl', { urls: 'https://example.org/' }],
    ['captureUrl', { urls: ['https://example.org/'], timeoutSeconds: 1e9 }],
    ['exportBundle', { out: '/tmp/x.zip', entries: 'some' }],
    ['backup', { dir: '' }],
    ['restore', { backupDir: '/b', vaultDir: '/v' }],
    ['setSettings', { language: 'de' }],
    ['setSettings', { autoLockMinutes: 'ten' }],
    ['setSettings', { lastVaultPath: '/v', isAdmin: true }]
  ] satisfies [MethodName, unknown][])('refuses %s(%j) with invalid-input', async (method, arg) => {
    const result = await ipc.invoke(channelOf(method), fromApp, arg)
    expect(errorCode(result)).toBe('invalid-input')
  })

  it('refuses a path the person did not choose in a dialog', async () => {
    const result = await ipc.invoke(channelOf('backup'), fromApp, { dir: '/home/someone/.ssh' })
    expect(errorCode(result)).toBe('invalid-input')
  })

  it('lets a well-formed argument through to the service (which finds the vault locked)', async () => {
    const result = await ipc.invoke(channelOf('addNote'), fromApp, { title: 'Обыск в редакции' })
    expect(errorCode(result)).toBe('vault-locked')
  })

  it('is not fooled by a __proto__ key and pollutes nothing', async () => {
    const arg: unknown = JSON.parse('{"title":"x","__proto__":{"polluted":true}}')
    const result = await ipc.invoke(channelOf('addNote'), fromApp, arg)
    expect(result.ok).toBe(false)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('registerDroppedFiles', () => {
  function setupDrop() {
    const ipc = new FakeIpcMain()
    const granted: string[][] = []
    registerDroppedFiles({
      ipc,
      appContents: () => mainContents,
      message: (code) => `message for ${code}`,
      grant: (paths) => {
        granted.push(paths)
        return Promise.resolve(paths.filter((path) => path.endsWith('.jpg')))
      }
    })
    return { ipc, granted }
  }

  it('grants the paths the preload read from a drop, and answers those granted', async () => {
    const { ipc, granted } = setupDrop()
    const result = await ipc.invoke(DROPPED_FILES_CHANNEL, fromApp, ['/home/a/1.jpg', '/home/a'])
    expect(result).toEqual({ ok: true, value: ['/home/a/1.jpg'] })
    expect(granted).toEqual([['/home/a/1.jpg', '/home/a']])
  })

  it('refuses another window and an argument that is not a list of paths', async () => {
    const { ipc, granted } = setupDrop()
    const capture = { sender: otherContents, senderFrame: topFrame('app://dalel/index.html') }
    expect(errorCode(await ipc.invoke(DROPPED_FILES_CHANNEL, capture, ['/etc/shadow']))).toBe(
      'ipc-refused'
    )
    for (const bad of ['/etc/shadow', [1], [{ path: '/x' }], null, Array(1001).fill('/a.jpg')])
      expect(errorCode(await ipc.invoke(DROPPED_FILES_CHANNEL, fromApp, bad))).toBe('invalid-input')
    expect(granted).toEqual([])
  })
})

describe('createEventSender', () => {
  function target(url: string, destroyed = false) {
    const sent: { channel: string; payload: unknown }[] = []
    const contents: EventTarget = {
      send: (channel, payload) => sent.push({ channel, payload }),
      isDestroyed: () => destroyed,
      getURL: () => url
    }
    return { contents, sent }
  }

  it('sends events on their channels to the app page', () => {
    const { contents, sent } = target('app://dalel/index.html')
    createEventSender(() => contents)('locked', { reason: 'idle' })
    expect(sent).toEqual([{ channel: 'dalel:locked', payload: { reason: 'idle' } }])
  })

  it('drops events when the window is gone, closing, or shows anything else', () => {
    const emitNone = createEventSender(() => null)
    emitNone('locked', { reason: 'panic' })
    for (const [url, destroyed] of [
      ['app://dalel/index.html', true],
      ['https://evil.example/', false]
    ] as const) {
      const { contents, sent } = target(url, destroyed)
      createEventSender(() => contents)('locked', { reason: 'panic' })
      expect(sent).toEqual([])
    }
  })
})
