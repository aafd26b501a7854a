import type { PageReport } from '../pageReport'
import type { PageT } from './entryText'
import { h } from './h'

/** The key fingerprint, and the advice to compare it with the one the journalist gave. */
export function renderKey(report: PageReport, t: PageT): HTMLElement | null {
  if (report.fingerprint === null) return null
  return h(
    'section',
    { class: 'key' },
    h('h2', {}, t('verifyPage.field.fingerprint')),
    h('p', { class: 'fingerprint', 'data-fingerprint': report.fingerprint }, report.fingerprint),
    h('p', {}, t('verifyPage.keyNote'))
  )
}
