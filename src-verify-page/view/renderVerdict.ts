import type { PageReport } from '../pageReport'
import type { PageT } from './entryText'
import { h } from './h'

/** The one line a lawyer reads first: passed, failed with N problems, or not complete. */
export function renderVerdict(report: PageReport, source: string | null, t: PageT): HTMLElement {
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
    source !== null ? h('p', { class: 'verdict-source' }, source) : null
  )
}
