import type { MessageKey } from '../../src-main/common/i18n/translate'
import { hasPageMessage } from '../pageMessages'
import type { PageReport } from '../pageReport'
import type { PageT, PageTime } from './entryText'
import { renderEntryText, renderLinks, timestampLine } from './entryText'
import { h } from './h'
import { problemList } from './problemList'
import { statusBadge } from './statusBadge'

/** The disclosed entries, one row each, with what each shows and whether it verified. */
export function renderEntries(report: PageReport, t: PageT, time: PageTime): HTMLElement | null {
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
          ...renderEntryText(report, e, t, time),
          ...renderLinks(report, e, t),
          h('div', { class: 'mono small' }, e.id),
          timestampLine(e, t, time)
        ),
        h(
          'td',
          {},
          statusBadge(e.status, t),
          e.problems.length > 0 ? problemList(e.problems, t) : null
        )
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
