// What verify.html shows of one disclosed entry beside its checks: its title and corrections,
// its links to other entries, and the trusted timestamp that covers it.
import type { Entry } from '../../src-main/common/entry/Entry'
import type { When } from '../../src-main/common/entry/corrections'
import type { MessageKey } from '../../src-main/common/i18n/translate'
import { amendedMark } from '../../src-main/common/entry/amendedMark'
import { correctionsOf } from '../../src-main/common/entry/corrections'
import { titleOf } from '../../src-main/common/entry/entryTitle'
import { h } from './h'
import type { Child } from './h'
import type { PageEntry, PageReport } from '../pageReport'

/** The page's translation in its current language. */
export type PageT = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string

/** How the page writes an instant: in its language and this browser's zone (`zone`). */
export interface PageTime {
  /** the browser's zone, e.g. "Asia/Almaty" */
  zone: string
  when: When
}

/**
 * A value exactly as a file of the bundle stores it, named by its place there
 * ("entries/2/entry.json occurredAt"), in grey beside the reader's form: what a lawyer
 * compares with the file. Kept on one line, as a hyphen would otherwise split an ISO date.
 */
export function storedValue(place: string, value: string): HTMLElement {
  return h('div', { class: 'stored mono small', 'data-stored': place }, `${place}: ${value}`)
}

/**
 * What the bundle's trusted timestamps prove about one entry, or that none covers it. The
 * time in the reader's form, and the token's genTime as this page read it, to compare with
 * `openssl ts -reply -text`.
 */
export function timestampLine(entry: PageEntry, t: PageT, time: PageTime): HTMLElement {
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
          genTime: time.when(stamp.genTime, false),
          coveredSeq: stamp.coveredSeq
        }),
    stamp === null ? null : storedValue(`timestamps/${stamp.coveredSeq}.txt genTime`, stamp.genTime)
  )
}

/**
 * An entry's title and corrections as the bundle's own amendments make them: each corrected
 * value with the amendment and its reason, the recorded value on request, and a notice for
 * an amendment this bundle leaves out (the values are then as first recorded).
 */
export function renderEntryText(
  report: PageReport,
  e: PageEntry,
  t: PageT,
  time: PageTime
): HTMLElement[] {
  if (e.entry === null) return [h('div', { class: 'entry-title' }, e.title)]
  const amendments = report.entries.flatMap((other) =>
    other.entry?.kind === 'amendment' ? [other.entry] : []
  )
  const { entry, corrections } = correctionsOf(e.entry, amendments, t, time.when)
  const shown = [h('div', { class: 'entry-title' }, titleOf(entry, t))]
  for (const c of corrections)
    shown.push(
      h(
        'div',
        { class: 'correction', 'data-field': c.key, 'data-amended-by': String(c.seq) },
        h('span', {}, `${c.label}: ${c.value} — `),
        h('span', { class: 'small' }, amendedMark(t, c.seq, c.reason)),
        c.stored?.value === undefined
          ? null
          : storedValue(`entries/${c.seq}/entry.json payload.changes.${c.key}`, c.stored.value),
        h(
          'details',
          {},
          h('summary', {}, t('verifyPage.showOriginal')),
          t('report.originalValue', { value: c.original }),
          c.stored?.original === undefined
            ? null
            : storedValue(`entries/${e.seq}/entry.json ${storedPath(c.key)}`, c.stored.original)
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

/** Where entry.json holds a field: `occurredAt` at the top, the rest under `payload`. */
function storedPath(key: string): string {
  return key === 'occurredAt' ? key : `payload.${key}`
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
