/**
 * Electron's user agent without the tokens that name Electron and the app ("Dalel/0.1.0",
 * "Electron/41.7.1"): the capture engine records and sends the browser's user agent, and a page
 * should see what a reader's Chrome gets. Login pages also turn embedded browsers away.
 * @param appName app.getName(), whose token Electron puts in the user agent
 */
export function plainChromeUserAgent(userAgent: string, appName: string): string {
  const escaped = appName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return userAgent
    .replace(new RegExp(`\\s(?:Electron|${escaped})/\\S+`, 'gi'), '')
    .replace(/\s{2,}/g, ' ')
    .trim()
}
