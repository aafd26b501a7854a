// What verify.html shows of one disclosed entry beside its checks: its title and corrections,
// its links to other entries, and the trusted timestamp that covers it.
import type { Entry } from '../../src-main/common/entry/Entry'
import type { MessageKey } from '../../src-main/common/i18n/translate'
import { amendedMark } from '../../src-main/common/entry/amendedMark'
import { correctionsOf } from '../../src-main/common/entry/corrections'
import { titleOf } from '../../src-main/common/entry/entryTitle'
import { h } from './h'
import type { Child } from './h'
import type { PageEntry, PageReport } from '../pageReport'

/** The page's translation in its current language. */
export type PageT = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string

/** What the bundle's trusted timestamps prove about one entry, or that none covers it. */
export function timestampLine(entry: PageEntry, t: PageT): HTMLElement {
  const stamp = entry.timestamp
  return h(
    'div',
    {
      class: `entry-timestamp${stamp === null ? ' none' : ''}`,
      'data-timestamp': stamp === null ? 'none' : String(stamp.coveredSeq)
    },
    stamp === null
      ? t('verifyPage.timestamp.none')
      : t('verifyPage.timestamp.covered', {
          authority: stamp.authority,
          genTime: stamp.genTime,
          coveredSeq: stamp.coveredSeq
        })
  )
}

/**
 * An entry's title and corrections as the bundle's own amendments make them: each corrected
 * value with the amendment and its reason, the recorded value on request, and a notice for
 * an amendment this bundle leaves out (the values are then as first recorded).
 */
export function renderEntryText(report: PageReport, e: PageEntry, t: PageT): HTMLElement[] {
  if (e.entry === null) return [h('div', { class: 'entry-title' }, e.title)]
  const amendments = report.entries.flatMap((other) =>
    other.entry?.kind === 'amendment' ? [other.entry] : []
  )
  const { entry, corrections } = correctionsOf(e.entry, amendments, t)
  const shown = [h('div', { class: 'entry-title' }, titleOf(entry, t))]
  for (const c of corrections)
    shown.push(
      h(
        'div',
        { class: 'correction', 'data-field': c.key, 'data-amended-by': String(c.seq) },
        h('span', {}, `${c.label}: ${c.value} — `),
        h('span', { class: 'small' }, amendedMark(t, c.seq, c.reason)),
        h(
          'details',
          {},
          h('summary', {}, t('verifyPage.showOriginal')),
          t('report.originalValue', { value: c.original })
        )
      )
    )
  for (const left of report.manifest?.amendmentsLeftOut ?? [])
    if (left.seq === e.seq)
      shown.push(
        h(
          'p',
          { class: 'notice', 'data-left-out': String(left.amendedBy) },
          t('report.amendmentLeftOut', { amendedBy: left.amendedBy })
        )
      )
  return shown
}

/** The seqs an entry names in its `about`; the bundle is untrusted, so each is checked. */
function aboutSeqs(entry: Entry | null): number[] {
  const about = (entry?.payload as { about?: unknown } | undefined)?.about
  if (!Array.isArray(about)) return []
  return about.flatMap((ref: unknown) => {
    const seq = (ref as { seq?: unknown } | null)?.seq
    return typeof seq === 'number' && Number.isSafeInteger(seq) && seq > 0 ? [seq] : []
  })
}

/**
 * The entry's links both ways, as report.pdf shows them: "About entries: №2, №7 (not in this
 * bundle)" and "Referred to by: №9". A disclosed entry is a link to its row; one the bundle
 * does not disclose says so (its entry hash is in chain.jsonl, so the lawyer can ask for it).
 * "Referred to by" can only count the entries this bundle discloses.
 */
export function renderLinks(report: PageReport, e: PageEntry, t: PageT): HTMLElement[] {
  const disclosed = new Set(report.entries.map((other) => other.seq))
  const line = (kind: 'about' | 'linked-from', label: string, seqs: readonly number[]) => {
    const parts: Child[] = [`${label}: `]
    for (const [i, seq] of seqs.entries()) {
      if (i > 0) parts.push(', ')
      parts.push(
        disclosed.has(seq)
          ? h('a', { href: `#entry-${seq}`, 'data-link': String(seq) }, t('entry.number', { seq }))
          : h(
              'span',
              { class: 'not-in-bundle', 'data-link': String(seq), 'data-not-in-bundle': '' },
              t('report.linkNotDisclosed', { seq })
            )
      )
    }
    return h('div', { class: 'entry-links', 'data-links': kind }, ...parts)
  }
  const about = aboutSeqs(e.entry)
  const from = report.entries
    .filter((other) => aboutSeqs(other.entry).includes(e.seq))
    .map((other) => other.seq)
  return [
    ...(about.length > 0 ? [line('about', t('field.about'), about)] : []),
    ...(from.length > 0 ? [line('linked-from', t('field.linkedFrom'), from)] : [])
  ]
}
