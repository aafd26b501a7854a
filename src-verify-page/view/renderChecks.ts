import type { PageReport, Section } from '../pageReport'
import type { PageT } from './entryText'
import { h } from './h'
import { problemList } from './problemList'
import { statusBadge } from './statusBadge'

function sectionLabel(section: Section, report: PageReport, t: PageT): string {
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

/** Each check of the bundle as a whole (container, sums, signature, head, chain, entries). */
export function renderChecks(report: PageReport, t: PageT): HTMLElement {
  const list = h('ul', { class: 'checks' })
  for (const s of report.sections) {
    list.append(
      h(
        'li',
        { 'data-section': s.section, 'data-status': s.status },
        h(
          'div',
          { class: 'check-head' },
          statusBadge(s.status, t),
          h('span', {}, sectionLabel(s.section, report, t))
        ),
        s.problems.length > 0 ? problemList(s.problems, t) : null
      )
    )
  }
  return h('section', {}, h('h2', {}, t('verifyPage.heading.checks')), list)
}
