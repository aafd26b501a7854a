/** The privileged scheme the renderer is served from; never `file://`, which reaches the disk. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'dalel'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_START_URL = `${APP_ORIGIN}/index.html`

// The page the preload serves: the app's index.html, with any in-page route after ? or #.
const appPagePattern = new RegExp(`^${APP_SCHEME}://${APP_HOST}/(?:index\\.html)?(?:[?#].*)?$`)

/** Whether `url` is the app's own page (app://dalel/index.html), not any other document. */
export function isAppPageUrl(url: string): boolean {
  return appPagePattern.test(url)
}
