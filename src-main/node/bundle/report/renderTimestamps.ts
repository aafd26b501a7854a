import type { MessageKey, MessageParams } from '../../../common/i18n/translate'
import type { Coverage } from '../../../common/timestamp/anchorCoverage'
import { escapeHtml } from './ReportWriter'

type T = (key: MessageKey, params?: MessageParams) => string

/** "CN=…, O=… (host)" for each token of the covering anchor, as the reader can look it up. */
function authorities(coverage: Coverage): string {
  return coverage.authorities
    .map((host, k) => {
      const signer = coverage.signers[k] ?? ''
      return signer === '' ? host : `${signer} (${host})`
    })
    .join('; ')
}

/**
 * The entry's line on trusted time: which timestamp covers it (when, by whom, and which
 * statement in timestamps/), or that none does. Empty when the caller did not say.
 */
export function renderEntryTimestamp(
  t: T,
  coverage: Coverage | null | undefined,
  /** an instant as the reader reads it (ReportWriter.dateText) */
  date: (iso: string) => string
): string {
  if (coverage === undefined) return ''
  const text =
    coverage === null
      ? t('report.timestamp.none')
      : t('report.timestamp.covered', {
          genTime: date(coverage.genTime),
          authority: authorities(coverage),
          coveredSeq: coverage.coveredSeq
        })
  const marker = coverage === null ? 'none' : String(coverage.coveredSeq)
  return `<h3>${escapeHtml(t('report.timestamp.heading'))}</h3>
<p class="timestamp${coverage === null ? ' none' : ''}" data-timestamp="${marker}">${escapeHtml(text)}</p>`
}

/**
 * The appendix step on trusted timestamps, when any disclosed entry is covered: what a
 * timestamp proves and does not, and the openssl command for each token in the bundle.
 */
export function renderTimestampAppendix(
  t: T,
  entries: readonly { timestamp?: Coverage | null }[]
): string {
  const statements = new Map<number, Coverage>()
  for (const { timestamp } of entries)
    if (timestamp !== undefined && timestamp !== null)
      statements.set(timestamp.coveredSeq, timestamp)
  if (statements.size === 0) return ''
  const commands = [...statements]
    .sort((a, b) => a[0] - b[0])
    .flatMap(([seq, coverage]) => [
      // The time exactly as the token holds it, to compare with `openssl ts -reply -text`;
      // the entries show it in the reader's words.
      `# timestamps/${seq}.txt: genTime ${coverage.genTime}`,
      ...Array.from(
        { length: coverage.authorities.length },
        (_, i) =>
          // Broken with a shell continuation, so a printed line never wraps inside an option.
          `openssl ts -verify -data timestamps/${seq}.txt -in timestamps/${seq}.${i + 1}.tsr \\\n  -CAfile <root you trust> -untrusted timestamps/${seq}.${i + 1}.pem`
      )
    ])
  return `<h3>${escapeHtml(t('report.appendix.timestamps.title'))}</h3>
<p>${escapeHtml(t('report.appendix.timestamps.text'))}</p>
<pre class="command">${escapeHtml(commands.join('\n'))}</pre>`
}
