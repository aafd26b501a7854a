import type { Locale, MessageKey, MessageParams } from '../../../common/i18n/translate'
import { formatNumber } from '../../../common/i18n/formatNumber'
import { createLocalFormat } from '../../../common/i18n/LocalFormat'
import type { LocalFormat } from '../../../common/i18n/LocalFormat'
import { translate } from '../../../common/i18n/translate'

// Every value that comes from an entry or the manifest passes through escapeHtml before it
// joins report.html; text that is already HTML carries the Html brand, made only by html().

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

export type Html = string & { readonly __html: true }

/** Marks text as already-built HTML; only the report's own builders (this folder) make it. */
export function html(text: string): Html {
  return text as Html
}

/** Translates and escapes for one report: every builder of report.html writes through it. */
export class ReportWriter {
  private readonly local: LocalFormat
  private readonly universal: LocalFormat

  constructor(
    private readonly locale: Locale,
    /** the seqs this bundle discloses: a link to any other says it is not in the bundle */
    private readonly disclosed: ReadonlySet<number> = new Set(),
    /** the zone the reader's times are shown in: the exporting computer's */
    timeZone = 'UTC'
  ) {
    const t = (key: MessageKey, params?: MessageParams) => this.t(key, params)
    this.local = createLocalFormat(locale, t, timeZone)
    this.universal = createLocalFormat(locale, t, 'UTC')
  }

  /**
   * An instant as the reader reads it — «15 сентября 2025 г., 14:30 (UTC+5)», «2025 ж.
   * 15 қыркүйек, 14:30 (UTC+5)» — by the app's rule (LocalFormat: the catalogs' month names
   * and date order, the zone always shown), in UTC where the label promises UTC. Every space
   * is a no-break space: a date split over two lines reads as two values. Text that is not a
   * time is returned as it is. The exact ISO value stays in the entry's "times as stored"
   * row (exactTimes) for a comparison with entry.json.
   */
  dateText(iso: string, zone: 'local' | 'utc' = 'local', seconds = false): string {
    const format = zone === 'utc' ? this.universal : this.local
    return format.dateTime(iso, { seconds }).replace(/ /g, '\u00a0')
  }

  /** An instant as dateText writes it; nothing is one dash. */
  when(iso: string | undefined, zone: 'local' | 'utc' = 'local'): Html {
    if (iso === undefined || iso.trim() === '') return this.value(undefined)
    return html(`<span class="when">${escapeHtml(this.dateText(iso, zone))}</span>`)
  }

  /** Links to entries: to their section when disclosed, else "№N (not in this bundle)". */
  links(seqs: readonly number[]): Html {
    if (seqs.length === 0) return this.value(undefined)
    return html(
      seqs
        .map((seq) =>
          this.disclosed.has(seq)
            ? `<a href="#entry-${seq}">${this.e('entry.number', { seq })}</a>`
            : this.e('report.linkNotDisclosed', { seq })
        )
        .join(', ')
    )
  }

  t(key: MessageKey, params: MessageParams = {}): string {
    return translate(this.locale, key, params)
  }

  /** A translated string, escaped. */
  e(key: MessageKey, params: MessageParams = {}): Html {
    return html(escapeHtml(this.t(key, params)))
  }

  /**
   * A translated string whose parameters are HTML already built: the message is escaped
   * whole with a mark standing in for each parameter (a NUL, which no message holds), and
   * the HTML takes the mark's place.
   */
  eHtml(key: MessageKey, params: Readonly<Record<string, Html>>): Html {
    const names = Object.keys(params)
    const marks = Object.fromEntries(names.map((name, i) => [name, `\u0000${i}\u0000`]))
    let out: string = escapeHtml(this.t(key, marks))
    names.forEach((name, i) => {
      out = out.replace(`\u0000${i}\u0000`, params[name] ?? '')
    })
    return html(out)
  }

  /**
   * Text kept on one line: a date such as 2026-12-31T23:59:59.000Z would otherwise break at a
   * hyphen ("2026-12-" / "31T23…"), which reads as two values.
   */
  unbroken(text: string): Html {
    return html(`<span class="nowrap">${escapeHtml(text)}</span>`)
  }

  /** A size in bytes, digits grouped as the reader's language does; the plural rule needs the number itself. */
  bytes(count: number): string {
    return this.t('report.bytes', { count, size: this.number(count) })
  }

  /** A measurement in the reader's number form: "1 234,5" in ru and kk (formatNumber). */
  number(value: number, fractionDigits = 0): string {
    return formatNumber(this.locale, value, fractionDigits)
  }

  /** A value as text; nothing, an empty or a blank string is one dash, wherever it is shown. */
  value(value: string | number | undefined | null): Html {
    if (value === undefined || value === null || String(value).trim() === '')
      return html(`<span class="none">${this.e('report.none')}</span>`)
    return html(escapeHtml(String(value)))
  }

  mono(value: string | undefined): Html {
    // The dash stays in the text face: in the monospace one it is narrower, a second dash.
    if (value === undefined || value.trim() === '') return this.value(undefined)
    return html(`<span class="mono">${this.value(value)}</span>`)
  }

  list(values: readonly string[] | undefined): Html {
    const given = (values ?? []).filter((v) => v.trim() !== '')
    if (given.length === 0) return this.value(undefined)
    return html(`<ul>${given.map((v) => `<li>${escapeHtml(v)}</li>`).join('')}</ul>`)
  }

  /** Any JSON value, for fields no code here knows (a payload field added later). */
  json(value: unknown): Html {
    if (value === undefined || value === null) return this.value(undefined)
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      return this.value(String(value))
    return html(`<pre class="json">${escapeHtml(JSON.stringify(value, null, 2))}</pre>`)
  }

  rows(rows: readonly (readonly [string, Html])[]): Html {
    return html(
      `<table class="fields">${rows
        .map(
          ([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${value}</td></tr>`
        )
        .join('')}</table>`
    )
  }
}

/** One row of a two-column field table: the label, and the value already built. */
export type Row = readonly [string, Html]
