import { describe, expect, it } from 'vitest'
import {
  ExternalLinkGate,
  externalLinkTarget,
  hardenAppContents,
  hardenAppSession,
  hardenCaptureContents,
  hardenSession,
  isForbiddenAppRequest
} from './hardenWebContents'
import type { ExternalLinks } from './hardenWebContents'
import { FakeSession, FakeWebContents } from './testing/fakeElectron'

/** External links that record what was asked and opened; `answer` is the person's choice. */
function recordingLinks(answer: boolean | Promise<boolean> = true) {
  const asked: string[] = []
  const opened: string[] = []
  const links: ExternalLinks = {
    confirm: async (url) => {
      asked.push(url)
      return answer
    },
    open: async (url) => {
      opened.push(url)
      return Promise.resolve()
    }
  }
  return { links, asked, opened }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('hardenAppContents', () => {
  it('denies every window.open and target=_blank link', () => {
    const contents = new FakeWebContents()
    hardenAppContents(contents.asWebContents(), new ExternalLinkGate(recordingLinks().links), {
      devTools: false
    })
    for (const url of [
      'https://example.org/',
      'about:blank',
      'app://dalel/index.html',
      'file:///etc/passwd'
    ])
      expect(contents.openWindow(url), url).toBe('deny')
  })

  it('prevents every navigation of the app page, redirects and <webview> attachment', () => {
    const contents = new FakeWebContents()
    hardenAppContents(contents.asWebContents(), new ExternalLinkGate(recordingLinks(false).links), {
      devTools: true
    })
    expect(contents.navigate('will-navigate', 'https://example.org/')).toBe(true)
    expect(contents.navigate('will-navigate', 'app://dalel/other.html')).toBe(true)
    expect(contents.navigate('will-navigate', 'app://dalel/attachment/1/0')).toBe(true)
    expect(contents.navigate('will-navigate', 'app://dalel.evil/index.html')).toBe(true)
    expect(contents.navigate('will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(contents.navigate('will-redirect', 'https://example.org/')).toBe(true)
    expect(contents.navigate('will-attach-webview', 'https://example.org/')).toBe(true)
  })

  it('lets the app page reload itself, and nothing else', () => {
    const contents = new FakeWebContents()
    hardenAppContents(contents.asWebContents(), new ExternalLinkGate(recordingLinks(false).links), {
      devTools: false
    })
    expect(contents.navigate('will-navigate', 'app://dalel/index.html')).toBe(false)
    expect(contents.navigate('will-navigate', 'app://dalel/index.html#/unlock')).toBe(false)
    expect(contents.navigate('will-navigate', 'app://dalel/index.html/../../x')).toBe(true)
  })

  it('offers an http(s) link to the system browser only after the person agrees', async () => {
    const yes = recordingLinks(true)
    const contents = new FakeWebContents()
    hardenAppContents(contents.asWebContents(), new ExternalLinkGate(yes.links), {
      devTools: false
    })
    contents.openWindow('https://example.org/report')
    await settle()
    expect(yes.asked).toEqual(['https://example.org/report'])
    expect(yes.opened).toEqual(['https://example.org/report'])

    const no = recordingLinks(false)
    const other = new FakeWebContents()
    hardenAppContents(other.asWebContents(), new ExternalLinkGate(no.links), { devTools: false })
    other.navigate('will-navigate', 'http://example.org/')
    await settle()
    expect(no.asked).toEqual(['http://example.org/'])
    expect(no.opened).toEqual([])
  })

  it('never offers file:, javascript:, custom schemes or the app itself to the system', async () => {
    const { links, asked, opened } = recordingLinks(true)
    const contents = new FakeWebContents()
    hardenAppContents(contents.asWebContents(), new ExternalLinkGate(links), { devTools: false })
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      'smb://host/share',
      'app://dalel/index.html',
      'about:blank'
    ]) {
      contents.openWindow(url)
      contents.navigate('will-navigate', url)
    }
    await settle()
    expect(asked).toEqual([])
    expect(opened).toEqual([])
  })

  it('closes DevTools in a packaged app and leaves them alone in development', () => {
    const packaged = new FakeWebContents()
    hardenAppContents(packaged.asWebContents(), new ExternalLinkGate(recordingLinks().links), {
      devTools: false
    })
    packaged.listeners.emit('devtools-opened')
    expect(packaged.devToolsClosed).toBe(1)

    const dev = new FakeWebContents()
    hardenAppContents(dev.asWebContents(), new ExternalLinkGate(recordingLinks().links), {
      devTools: true
    })
    dev.listeners.emit('devtools-opened')
    expect(dev.devToolsClosed).toBe(0)
  })
})

describe('hardenCaptureContents', () => {
  it('denies pop-ups and <webview> but lets the page navigate (logins, redirects)', async () => {
    const contents = new FakeWebContents()
    hardenCaptureContents(contents.asWebContents())
    expect(contents.openWindow('https://evil.example/')).toBe('deny')
    expect(contents.navigate('will-attach-webview', 'https://evil.example/')).toBe(true)
    expect(contents.navigate('will-navigate', 'https://www.instagram.com/accounts/login/')).toBe(
      false
    )
    expect(contents.listeners.count('will-navigate')).toBe(0)
    await settle()
  })
})

describe('ExternalLinkGate', () => {
  it('asks about one link at a time and drops the others meanwhile', async () => {
    let answer: (value: boolean) => void = () => undefined
    const pending = new Promise<boolean>((resolve) => {
      answer = resolve
    })
    const { links, asked, opened } = recordingLinks(pending)
    const gate = new ExternalLinkGate(links)
    const first = gate.offer('https://a.example/')
    expect(await gate.offer('https://b.example/')).toBe(false)
    answer(true)
    expect(await first).toBe(true)
    expect(asked).toEqual(['https://a.example/'])
    expect(opened).toEqual(['https://a.example/'])
    expect(await gate.offer('https://c.example/')).toBe(true)
  })

  it('reports a failing dialog or browser instead of throwing, and stays usable', async () => {
    const errors: unknown[] = []
    const gate = new ExternalLinkGate({
      confirm: () => Promise.reject(new Error('no display')),
      open: () => Promise.resolve(),
      onError: (error) => errors.push(error)
    })
    expect(await gate.offer('https://a.example/')).toBe(false)
    expect(errors).toHaveLength(1)
    expect(await gate.offer('https://a.example/')).toBe(false)
    expect(errors).toHaveLength(2)
  })
})

describe('externalLinkTarget', () => {
  it('accepts http and https, normalised', () => {
    expect(externalLinkTarget('https://Example.org/a b')).toBe('https://example.org/a%20b')
    expect(externalLinkTarget('http://example.org')).toBe('http://example.org/')
  })

  it('refuses other schemes, credentials that disguise the host, and garbage', () => {
    expect(externalLinkTarget('https://bank.example@evil.example/')).toBeNull()
    expect(externalLinkTarget('https://user:pass@example.org/')).toBeNull()
    expect(externalLinkTarget('ftp://example.org/')).toBeNull()
    expect(externalLinkTarget('data:text/html,<script>1</script>')).toBeNull()
    expect(externalLinkTarget('not a url')).toBeNull()
  })
})

describe('hardenSession', () => {
  it('denies every permission request, check and device', () => {
    const session = new FakeSession()
    hardenSession(session.asSession())
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'clipboard-sanitized-write',
      'display-capture',
      'fullscreen',
      'openExternal',
      'midi',
      'hid',
      'serial',
      'usb'
    ])
      expect(session.requestPermission(permission), permission).toBe(false)
    expect(session.permissionCheckHandler?.({}, 'media', 'app://dalel', {})).toBe(false)
    expect(session.devicePermissionHandler?.({ deviceType: 'usb' })).toBe(false)
  })

  it('cancels every download', () => {
    const session = new FakeSession()
    hardenSession(session.asSession())
    expect(session.download()).toBe(true)
  })
})

describe('hardenAppSession', () => {
  it('cancels requests to the network and to file://, whatever the page does', () => {
    const session = new FakeSession()
    hardenAppSession(session.asSession())
    for (const url of [
      'http://127.0.0.1:8080/',
      'https://example.org/x.png',
      'wss://example.org/socket',
      'ws://localhost/',
      'ftp://example.org/',
      'file:///etc/passwd',
      'FILE:///etc/passwd',
      '//example.org/protocol-relative'
    ])
      expect(session.cancels(url), url).toBe(true)
    for (const url of [
      'app://dalel/index.html',
      'app://dalel/attachment/3/0',
      'data:image/png;base64,AA',
      'blob:app://dalel/1'
    ])
      expect(session.cancels(url), url).toBe(false)
    expect(session.requestPermission('media')).toBe(false)
  })

  it('classifies schemes case-insensitively', () => {
    expect(isForbiddenAppRequest('HTTPS://EXAMPLE.ORG/')).toBe(true)
    expect(isForbiddenAppRequest('App://dalel/')).toBe(false)
  })
})
