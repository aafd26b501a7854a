import { describe, expect, it } from 'vitest'
import { plainChromeUserAgent } from './plainChromeUserAgent'

describe('plainChromeUserAgent', () => {
  it('removes the app and Electron tokens and keeps the rest as Chrome sends it', () => {
    expect(
      plainChromeUserAgent(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) dalel/0.1.0 Chrome/146.0.7680.0 Electron/41.7.1 Safari/537.36',
        'dalel'
      )
    ).toBe(
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/146.0.7680.0 Safari/537.36'
    )
  })

  it('matches the packaged name too, and leaves a plain user agent alone', () => {
    const chrome =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/146.0.0.0 Safari/537.36'
    expect(plainChromeUserAgent(chrome.replace('Chrome/', 'Dalel/1.2.3 Chrome/'), 'Dalel')).toBe(
      chrome
    )
    expect(plainChromeUserAgent(chrome, 'Dalel')).toBe(chrome)
  })
})
