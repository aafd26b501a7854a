import { titleOf } from '../../../common/entry/entryTitle'
import type { ReportInput } from './renderReport'
import { escapeHtml, html } from './ReportWriter'
import type { ReportWriter, Row } from './ReportWriter'

/**
 * The fingerprint's sixteen groups as two lines of eight when it does not fit on one (not
 * twelve and four): a reader compares it group by group with the one read to them.
 */
function halves(fingerprint: string): string {
  const groups = fingerprint.split(' ')
  return [groups.slice(0, 8), groups.slice(8)]
    .map((half) => `<span class="nowrap">${escapeHtml(half.join(' '))}</span>`)
    .join(' ')
}

/** The cover page: who exported what for whom, the head, the key fingerprint, the contents. */
export function renderCover(w: ReportWriter, input: ReportInput, fingerprint: string): string {
  const m = input.manifest
  const rows: Row[] = [
    [w.t('report.field.exporter'), w.value(m.exporter)],
    [w.t('field.recipient'), w.value(m.recipient)],
    [w.t('field.purpose'), w.value(m.purpose)],
    // manifest.json's text under the reader's, as the entries' times are under their hashes
    [
      w.t('report.field.created'),
      html(`${w.when(m.created)}<div class="small mono">${w.unbroken(m.created)}</div>`)
    ],
    [w.t('report.field.bundleId'), w.mono(m.bundleId)],
    [w.t('report.field.vaultId'), w.mono(m.vaultId)],
    [
      w.t('report.field.disclosed'),
      w.value(
        w.t('report.disclosedOf', { disclosed: input.entries.length, total: input.chainLength })
      )
    ],
    [
      w.t('report.field.head'),
      html(
        `${w.e('report.headValue', { seq: m.head.seq })}<br><span class="mono hash" data-head>${escapeHtml(m.head.chain)}</span>`
      )
    ],
    // The key itself is not printed: the fingerprint below is how a reader compares it (one
    // form everywhere); the raw key is in public-key.pem and manifest.json for the tools.
    [w.t('report.field.headSignature'), w.mono(m.head.signature)]
  ]
  const contents = input.entries
    .map(
      (r) =>
        `<li><span class="mono">${w.e('entry.number', { seq: r.entry.seq })}</span> ${escapeHtml(w.t(`kind.${r.entry.kind}`))}: ${w.value(titleOf(r.entry, w.t.bind(w)))}</li>`
    )
    .join('')
  return `<section class="cover">
<p class="brand">Dalel</p>
<h1>${w.e('report.title')}</h1>
<p class="subtitle">${w.e('report.subtitle', { bundleName: input.bundleName })}</p>
${w.rows(rows)}
<div class="fingerprint-box">
<p class="label">${w.e('report.field.fingerprint')}</p>
<p class="fingerprint" data-fingerprint>${halves(fingerprint)}</p>
<p>${w.e('report.keyNote')}</p>
</div>
<p class="note">${w.e('report.coverNote')}</p>
<h2>${w.e('report.contents')}</h2>
<ol class="contents">${contents}</ol>
</section>`
}
