// The page's entry point: the page's state, the checks it starts, and render(), which builds
// the page again from the state. It and view/ are the only code that touches the DOM
// (tsconfig.node.json leaves them out). Everything shown is built with textContent, never
// innerHTML: titles and file names come from the bundle, which may be hostile.
import type { MessageKey } from '../src-main/common/i18n/translate'
import { BUNDLE_LIMITS } from '../src-main/common/bundle/bundleLayout'
import { createLocalFormat, systemTimeZone } from '../src-main/common/i18n/LocalFormat'
import { blobSource } from './BundleFile'
import type { PageLocale } from './pageMessages'
import { pageTranslate, pickPageLocale } from './pageMessages'
import type { PageReport } from './pageReport'
import { folderFiles } from './scanBundleFiles'
import { verifyFilesInPage, verifyZipInPage } from './verifyInPage'
import { h } from './view/h'
import type { PageTime } from './view/entryText'
import { renderChecks } from './view/renderChecks'
import { renderCommands } from './view/renderCommands'
import { renderEntries } from './view/renderEntries'
import { renderFiles } from './view/renderFiles'
import { renderHeader } from './view/renderHeader'
import { renderKey } from './view/renderKey'
import { renderPicker } from './view/renderPicker'
import { renderSummary } from './view/renderSummary'
import { renderVerdict } from './view/renderVerdict'

interface State {
  locale: PageLocale
  /** the zip's or folder's name */
  source: string | null
  progress: number | null
  report: PageReport | null
  error: string | null
}

const state: State = {
  locale: pickPageLocale(
    navigator.languages.length > 0 ? navigator.languages : [navigator.language]
  ),
  source: null,
  progress: null,
  report: null,
  error: null
}

function t(key: MessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  return pageTranslate(state.locale, key, params)
}

/**
 * Instants as the lawyer reads them, by the app's and report.pdf's rule (LocalFormat: the
 * catalogs' month names and order, since the browser may have no Kazakh data), in this
 * browser's zone, which the page names; UTC where a label promises UTC.
 */
function pageTime(): PageTime {
  const zone = systemTimeZone()
  const local = createLocalFormat(state.locale, t, zone)
  const utc = createLocalFormat(state.locale, t, 'UTC')
  return { zone, when: (iso, inUtc) => (inUtc ? utc : local).dateTime(iso) }
}

async function check(
  run: (onProgress: (done: number, total: number) => void) => Promise<PageReport>,
  source: string
) {
  state.source = source
  state.report = null
  state.error = null
  state.progress = 0
  render()
  let shown = -1
  try {
    state.report = await run((done, total) => {
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100)
      if (percent === shown) return
      shown = percent
      state.progress = percent
      const line = document.getElementById('progress')
      if (line !== null) line.textContent = t('verifyPage.progress', { name: source, percent })
    })
  } catch (error) {
    state.error = error instanceof Error ? error.message : String(error)
  }
  state.progress = null
  render()
}

async function checkZip(file: File): Promise<void> {
  await check(
    (onProgress) =>
      verifyZipInPage(blobSource(file), file.name, { subtle: crypto.subtle, onProgress }),
    file.name
  )
}

async function checkFolder(files: FileList): Promise<void> {
  const picked = Array.from(files, (file) => ({ file, relativePath: file.webkitRelativePath }))
  const folder = picked[0]?.relativePath.split('/')[0] ?? ''
  const listing = folderFiles(picked, BUNDLE_LIMITS)
  await check(
    (onProgress) =>
      verifyFilesInPage(listing.files, listing.problems, { subtle: crypto.subtle, onProgress }),
    folder
  )
}

/**
 * Without these a deflated file could not be read and would look damaged: a browser that
 * cannot check is told so, rather than blaming the bundle.
 */
function browserCanCheck(): boolean {
  return typeof DecompressionStream === 'function' && typeof crypto.subtle === 'object'
}

function render(): void {
  document.documentElement.lang = state.locale
  document.title = t('verifyPage.title')
  const main = h('main')
  if (state.progress !== null) {
    main.append(
      h(
        'p',
        { id: 'progress', class: 'progress', role: 'status' },
        t('verifyPage.progress', { name: state.source ?? '', percent: state.progress })
      )
    )
  } else if (state.report !== null || state.error !== null) {
    const again = h(
      'button',
      { type: 'button', class: 'button', id: 'again' },
      t('verifyPage.another')
    )
    again.addEventListener('click', () => {
      state.report = null
      state.error = null
      state.source = null
      render()
    })
    if (state.error !== null)
      main.append(
        h(
          'section',
          { class: 'verdict verdict-fail', 'data-verdict': 'error', role: 'alert' },
          h('p', { class: 'verdict-text' }, t('verifyPage.error', { message: state.error }))
        )
      )
    const report = state.report
    const time = pageTime()
    if (report !== null)
      main.append(
        renderVerdict(report, state.source, t),
        ...[
          renderKey(report, t),
          renderSummary(report, t, time),
          renderChecks(report, t),
          renderEntries(report, t, time),
          renderFiles(report, state.locale, t)
        ].filter((e): e is HTMLElement => e !== null)
      )
    main.append(h('p', {}, again))
  } else if (!browserCanCheck()) {
    main.append(
      h(
        'section',
        { class: 'verdict verdict-incomplete', 'data-verdict': 'unsupported', role: 'alert' },
        h('p', { class: 'verdict-text' }, t('verifyPage.oldBrowser'))
      )
    )
  } else {
    main.append(
      renderPicker(
        t,
        (file) => void checkZip(file),
        (files) => void checkFolder(files)
      )
    )
  }
  main.append(renderCommands(t))
  const header = renderHeader(state.locale, t, (locale) => {
    state.locale = locale
    render()
  })
  document.body.replaceChildren(header, main)
}

document.addEventListener('dragover', (event) => {
  event.preventDefault()
})
document.addEventListener('drop', (event) => {
  event.preventDefault()
  const file = event.dataTransfer?.files[0]
  if (file !== undefined && state.progress === null) void checkZip(file)
})
render()
