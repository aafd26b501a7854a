/**
 * What the engine runs inside the page, as expression text for Runtime.evaluate. It runs in
 * an isolated world: the page's own scripts share the DOM but not the JavaScript globals, so
 * a hostile page cannot replace innerText, scrollTo or requestAnimationFrame to lie to us.
 */

export interface ScrollResult {
  /** the scrolling stopped at its time budget before reaching the bottom */
  stopped: boolean
  /** the document's scroll height afterwards, CSS pixels */
  height: number
}

/**
 * Scrolls the page from top to bottom one viewport at a time, waiting for one rendering
 * update at each step so that IntersectionObservers fire and lazy images start loading, then
 * back to the top (and one more update there). Stops at `limit` CSS pixels or after
 * `budgetMs`. A page no taller than the window is not scrolled at all.
 */
export function scrollThroughScript(limit: number, budgetMs: number): string {
  return `(async () => {
  const limit = ${limit}
  const budget = ${budgetMs}
  const start = performance.now()
  // One rendering update at each position: a task queued from requestAnimationFrame runs
  // after that frame's intersection observations, which are what lazy loaders wait for.
  const frame = () => new Promise((resolve) => {
    const timer = setTimeout(resolve, 100)
    requestAnimationFrame(() => setTimeout(() => { clearTimeout(timer); resolve() }, 0))
  })
  const height = () => Math.max(
    document.documentElement ? document.documentElement.scrollHeight : 0,
    document.body ? document.body.scrollHeight : 0
  )
  const step = Math.max(200, window.innerHeight)
  let y = 0
  let stopped = false
  while (y + window.innerHeight < Math.min(height(), limit)) {
    if (performance.now() - start > budget) { stopped = true; break }
    y += step
    window.scrollTo(0, y)
    await frame()
  }
  // A page no taller than the window was seen whole at the top already: no step, no frame.
  if (y > 0 || window.scrollY !== 0 || window.scrollX !== 0) {
    window.scrollTo(0, 0)
    await frame()
  }
  return { stopped, height: height() }
})()`
}

export interface PageInfo {
  title: string
  /** what a reader sees: innerText of the body, or of the root for documents without one */
  text: string
  url: string
}

export const PAGE_INFO_SCRIPT = `(() => {
  const root = document.body || document.documentElement
  return {
    title: document.title || '',
    text: root && typeof root.innerText === 'string' ? root.innerText : (root ? root.textContent || '' : ''),
    url: document.URL
  }
})()`

/**
 * The automation signals a page can read in this browser, as the page sees them (the
 * isolated world shares the page's navigator, window and screen). Names as in
 * AUTOMATION_SIGNALS (common/entry/Entry.ts).
 */
export const AUTOMATION_SIGNALS_SCRIPT = `(() => {
  const seen = []
  if (navigator.webdriver) seen.push('navigator-webdriver')
  if (!navigator.userAgentData || navigator.userAgentData.brands.length === 0) seen.push('no-client-hint-brands')
  if (/Headless/.test(navigator.userAgent)) seen.push('headless-user-agent')
  if (outerWidth < innerWidth || outerHeight < innerHeight) seen.push('window-smaller-than-viewport')
  if (navigator.plugins.length === 0) seen.push('no-plugins')
  if (navigator.languages.length === 0) seen.push('no-languages')
  if (typeof window.chrome !== 'object') seen.push('no-chrome-object')
  if (typeof Notification !== 'undefined' && Notification.permission === 'denied') seen.push('notifications-denied')
  if (performance.memory && performance.memory.jsHeapSizeLimit < 2 * 1024 * 1024 * 1024) seen.push('small-heap-limit')
  return seen
})()`
