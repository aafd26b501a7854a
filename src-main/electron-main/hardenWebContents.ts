import type { WebContents } from 'electron'

/**
 * Applied to every web contents the app creates, so a window added later is hardened without
 * anyone remembering to: no pop-ups, no navigation away from the bundled UI, no <webview>.
 */
export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  contents.on('will-navigate', (event) => {
    event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
  })
}
