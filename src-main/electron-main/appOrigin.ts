/** The privileged scheme the renderer is served from; never `file://`, which reaches the disk. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'dalel'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_START_URL = `${APP_ORIGIN}/index.html`
