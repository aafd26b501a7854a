import type { PageReport } from '../pageReport'
import type { PageT, PageTime } from './entryText'
import { storedValue } from './entryText'
import { h } from './h'

/**
 * What the manifest declares: who exported the bundle, for whom, why, when, and its head.
 * The export date in the reader's form and this browser's zone, which the section names,
 * with manifest.json's own text under it.
 */
export function renderSummary(report: PageReport, t: PageT, time: PageTime): HTMLElement | null {
  const m = report.manifest
  if (m === null) return null
  // An empty value is one dash, as in report.pdf: a blank line reads as a missing row.
  const row = (label: string, value: string, mono = false, ...under: HTMLElement[]) =>
    h(
      'div',
      { class: 'row' },
      h('dt', {}, label),
      h('dd', mono ? { class: 'mono' } : {}, value.trim() === '' ? '—' : value, ...under)
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
      row(
        t('verifyPage.field.created'),
        time.when(m.created, false),
        false,
        storedValue('manifest.json created', m.created)
      ),
      row(t('verifyPage.field.bundleId'), m.bundleId, true),
      row(t('verifyPage.field.vaultId'), m.vaultId, true),
      row(
        t('verifyPage.field.head'),
        t('verifyPage.headValue', { seq: m.head.seq, chain: m.head.chain }),
        true
      )
    ),
    h('p', { class: 'hint', 'data-zone': time.zone }, t('verifyPage.timeZone', { zone: time.zone }))
  )
}
