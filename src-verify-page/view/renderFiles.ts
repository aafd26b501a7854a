import { formatNumber } from '../../src-main/common/i18n/formatNumber'
import type { PageLocale } from '../pageMessages'
import type { PageReport } from '../pageReport'
import type { PageT } from './entryText'
import { h } from './h'
import { problemList } from './problemList'
import { statusBadge } from './statusBadge'

/** Every file of the bundle with its size, SHA-256 and check; open when one failed. */
export function renderFiles(report: PageReport, locale: PageLocale, t: PageT): HTMLElement | null {
  if (report.files.length === 0) return null
  // The plural rule needs the number; the grouped digits are shown as {size}.
  const formatBytes = (bytes: number) =>
    t('verifyPage.bytes', { count: bytes, size: formatNumber(locale, bytes) })
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
          f.problems.length > 0 ? problemList(f.problems, t) : null
        ),
        h('td', { class: 'num' }, f.size === null ? '—' : formatBytes(f.size)),
        h('td', { class: 'mono small' }, f.sha256 ?? '—'),
        h('td', {}, statusBadge(f.status, t))
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
