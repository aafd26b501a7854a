// The page's entry point: with h.ts and entryText.ts, the only code that touches the DOM
// (tsconfig.node.json leaves these three out). Everything shown is built with textContent,
// never innerHTML: titles and file names come from the bundle, which may be hostile.
import type { MessageKey } from '../src-main/common/i18n/translate'
import { formatNumber } from '../src-main/common/i18n/formatNumber'
import type { BundleProblem } from '../src-main/common/bundle/ScannedBundle'
import {
  FINGERPRINT_COMMAND,
  OPENSSL_COMMAND,
  SHA256SUM_COMMAND
} from '../src-main/common/bundle/bundleLayout'
import { blobSource } from './BundleFile'
import { renderEntryText, renderLinks, timestampLine } from './entryText'
import { h } from './h'
import type { PageLocale } from './pageMessages'
import { PAGE_LOCALES, hasPageMessage, pageTranslate, pickPageLocale } from './pageMessages'
import type { PageReport, Section, Status } from './pageReport'
import { folderFiles } from './scanBundleFiles'
import { BUNDLE_LIMITS } from '../src-main/common/bundle/bundleLayout'
import { verifyFilesInPage, verifyZipInPage } from './verifyInPage'

const LANGUAGE_NAMES: Record<PageLocale, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' }
const STATUS_MARK: Record<Status, string> = { pass: '✔', fail: '✘', unchecked: '?' }

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

function formatBytes(bytes: number): string {
  // The plural rule needs the number; the grouped digits are shown as {size}.
  return t('verifyPage.bytes', {
    count: bytes,
    size: formatNumber(state.locale, bytes)
  })
}

function problemText(problem: BundleProblem): string {
  const key = `bundleProblem.${problem.code}`
  // A code added after this page was built has no translation in it: the English detail
  // is still better than nothing.
  return hasPageMessage(key) ? t(key as MessageKey) : `${problem.code}: ${problem.detail}`
}

function problemList(problems: readonly BundleProblem[], limit = 200): HTMLElement {
  const list = h('ul', { class: 'problems' })
  for (const problem of problems.slice(0, limit)) {
    list.append(
      h(
        'li',
        { 'data-code': problem.code },
        h('span', { class: 'problem-text' }, problemText(problem)),
        problem.file !== undefined ? h('code', { class: 'problem-file' }, problem.file) : null,
        problem.seq !== undefined
          ? h('span', { class: 'problem-seq' }, t('verifyPage.seq', { seq: problem.seq }))
          : null
      )
    )
  }
  if (problems.length > limit) list.append(h('li', {}, `… +${problems.length - limit}`))
  return list
}

function statusBadge(status: Status): HTMLElement {
  return h(
    'span',
    { class: `status status-${status}`, 'data-status': status },
    `${STATUS_MARK[status]} ${t(`verifyPage.status.${status}`)}`
  )
}

function sectionLabel(section: Section, report: PageReport): string {
  switch (section) {
    case 'container':
      return t('verifyPage.section.container')
    case 'sums':
      return t('verifyPage.section.sums')
    case 'signature':
      return t('verifyPage.section.signature')
    case 'head':
      return t('verifyPage.section.head')
    case 'chain':
      return t('verifyPage.section.chain', { count: report.chainLength })
    case 'entries':
      return t('verifyPage.section.entries')
  }
}

function renderVerdict(report: PageReport): HTMLElement {
  const text =
    report.verdict === 'pass'
      ? t('verifyPage.verdict.pass')
      : report.verdict === 'incomplete'
        ? t('verifyPage.verdict.incomplete')
        : t('verifyPage.verdict.fail', { count: report.problems.length })
  return h(
    'section',
    { class: `verdict verdict-${report.verdict}`, 'data-verdict': report.verdict, role: 'status' },
    h('p', { class: 'verdict-text' }, text),
    state.source !== null ? h('p', { class: 'verdict-source' }, state.source) : null
  )
}

function renderSummary(report: PageReport): HTMLElement | null {
  const m = report.manifest
  if (m === null) return null
  // An empty value is one dash, as in report.pdf: a blank line reads as a missing row.
  const row = (label: string, value: string, mono = false) =>
    h(
      'div',
      { class: 'row' },
      h('dt', {}, label),
      h('dd', mono ? { class: 'mono' } : {}, value.trim() === '' ? '—' : value)
    )
  return h(
    'section',
    { class: 'summary' },
    h('h2', {}, t('verifyPage.heading.summary')),
    h(
      'dl',
      {},
      row(t('verifyPage.field.exporter'), m.exporter),
      row(t('field.recipient'), m.recipient),
      row(t('field.purpose'), m.purpose),
      row(t('verifyPage.field.created'), m.created),
      row(t('verifyPage.field.bundleId'), m.bundleId, true),
      row(t('verifyPage.field.vaultId'), m.vaultId, true),
      row(
        t('verifyPage.field.head'),
        t('verifyPage.headValue', { seq: m.head.seq, chain: m.head.chain }),
        true
      )
    )
  )
}

function renderKey(report: PageReport): HTMLElement | null {
  if (report.fingerprint === null) return null
  return h(
    'section',
    { class: 'key' },
    h('h2', {}, t('verifyPage.field.fingerprint')),
    h('p', { class: 'fingerprint', 'data-fingerprint': report.fingerprint }, report.fingerprint),
    h('p', {}, t('verifyPage.keyNote'))
  )
}

function renderChecks(report: PageReport): HTMLElement {
  const list = h('ul', { class: 'checks' })
  for (const s of report.sections) {
    list.append(
      h(
        'li',
        { 'data-section': s.section, 'data-status': s.status },
        h(
          'div',
          { class: 'check-head' },
          statusBadge(s.status),
          h('span', {}, sectionLabel(s.section, report))
        ),
        s.problems.length > 0 ? problemList(s.problems) : null
      )
    )
  }
  return h('section', {}, h('h2', {}, t('verifyPage.heading.checks')), list)
}

function renderEntries(report: PageReport): HTMLElement | null {
  if (report.entries.length === 0) return null
  const body = h('tbody')
  for (const e of report.entries) {
    const kindKey = `kind.${e.kind}`
    body.append(
      h(
        'tr',
        { id: `entry-${e.seq}`, 'data-seq': String(e.seq), 'data-status': e.status },
        h('td', { class: 'num' }, t('entry.number', { seq: e.seq })),
        h('td', {}, hasPageMessage(kindKey) ? t(kindKey as MessageKey) : e.kind),
        h(
          'td',
          {},
          ...renderEntryText(report, e, t),
          ...renderLinks(report, e, t),
          h('div', { class: 'mono small' }, e.id),
          timestampLine(e, t)
        ),
        h('td', {}, statusBadge(e.status), e.problems.length > 0 ? problemList(e.problems) : null)
      )
    )
  }
  return h(
    'section',
    {},
    h('h2', {}, t('verifyPage.heading.entries')),
    h(
      'table',
      { class: 'entries' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, '#'),
          h('th', {}, t('field.kind')),
          h('th', {}, t('verifyPage.field.entry')),
          h('th', {}, t('verifyPage.field.status'))
        )
      ),
      body
    ),
    report.entries.some((e) => e.timestamp !== null)
      ? h('p', { class: 'timestamp-note' }, t('verifyPage.timestamp.note'))
      : null
  )
}

function renderFiles(report: PageReport): HTMLElement | null {
  if (report.files.length === 0) return null
  const body = h('tbody')
  // Failures first: with thousands of files, the ones that matter must not be buried.
  const ordered = [
    ...report.files.filter((f) => f.status === 'fail'),
    ...report.files.filter((f) => f.status !== 'fail')
  ]
  for (const f of ordered) {
    body.append(
      h(
        'tr',
        { 'data-path': f.path, 'data-status': f.status },
        h(
          'td',
          {},
          h('code', {}, f.path),
          f.name !== undefined
            ? h(
                'div',
                { class: 'small', 'data-recorded-name': '' },
                t('verifyPage.recordedAs', { name: f.name })
              )
            : null,
          f.problems.length > 0 ? problemList(f.problems) : null
        ),
        h('td', { class: 'num' }, f.size === null ? '—' : formatBytes(f.size)),
        h('td', { class: 'mono small' }, f.sha256 ?? '—'),
        h('td', {}, statusBadge(f.status))
      )
    )
  }
  const failed = report.files.some((f) => f.status === 'fail')
  return h(
    'section',
    {},
    h(
      'details',
      failed ? { open: '' } : {},
      h('summary', {}, h('h2', {}, `${t('verifyPage.heading.files')} (${report.files.length})`)),
      h(
        'table',
        { class: 'files' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, t('verifyPage.heading.files')),
            h('th', {}, t('field.size')),
            h('th', {}, 'SHA-256'),
            h('th', {}, t('verifyPage.field.status'))
          )
        ),
        body
      )
    )
  )
}

function renderCommands(): HTMLElement {
  return h(
    'section',
    { class: 'commands' },
    h('h2', {}, t('verifyPage.heading.commands')),
    h('p', {}, t('verifyPage.commands.intro')),
    h('pre', {}, [SHA256SUM_COMMAND, OPENSSL_COMMAND, FINGERPRINT_COMMAND].join('\n')),
    h('p', {}, t('verifyPage.commands.note'))
  )
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

function renderPicker(): HTMLElement {
  const zipInput = h('input', {
    type: 'file',
    accept: '.zip,application/zip',
    id: 'pick-zip',
    class: 'visually-hidden'
  }) as HTMLInputElement
  zipInput.addEventListener('change', () => {
    const file = zipInput.files?.[0]
    if (file !== undefined) void checkZip(file)
  })
  const folderInput = h('input', {
    type: 'file',
    id: 'pick-folder',
    class: 'visually-hidden',
    webkitdirectory: '',
    multiple: ''
  }) as HTMLInputElement
  folderInput.addEventListener('change', () => {
    if (folderInput.files !== null && folderInput.files.length > 0)
      void checkFolder(folderInput.files)
  })
  return h(
    'section',
    { class: 'picker' },
    h('p', {}, t('verifyPage.intro')),
    h(
      'div',
      { class: 'buttons' },
      h('label', { class: 'button', for: 'pick-zip' }, t('verifyPage.pickZip')),
      zipInput,
      h('label', { class: 'button', for: 'pick-folder' }, t('verifyPage.pickFolder')),
      folderInput
    ),
    h('p', { class: 'hint' }, t('verifyPage.dropHint'))
  )
}

function renderHeader(): HTMLElement {
  const switcher = h('div', { class: 'languages', role: 'group', 'aria-label': t('app.language') })
  for (const locale of PAGE_LOCALES) {
    const button = h(
      'button',
      {
        type: 'button',
        lang: locale,
        'data-locale': locale,
        'aria-pressed': String(locale === state.locale)
      },
      LANGUAGE_NAMES[locale]
    )
    button.addEventListener('click', () => {
      state.locale = locale
      render()
    })
    switcher.append(button)
  }
  return h('header', {}, h('h1', {}, t('verifyPage.title')), switcher)
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
    if (report !== null)
      main.append(
        renderVerdict(report),
        ...[
          renderKey(report),
          renderSummary(report),
          renderChecks(report),
          renderEntries(report),
          renderFiles(report)
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
    main.append(renderPicker())
  }
  main.append(renderCommands())
  document.body.replaceChildren(renderHeader(), main)
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
