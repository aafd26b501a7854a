/**
 * Labels that promise UTC ("Capture started (UTC)"): a capture's own start and end, as the
 * Berkeley Protocol records them. Every face prints these instants in UTC — the app's entry
 * page and report.pdf alike — and every other instant in the reader's zone.
 */
const UTC_LABELS: ReadonlySet<string> = new Set([
  'report.capture.startedAt',
  'report.capture.endedAt'
])

export function promisesUtc(label: string | null | undefined): boolean {
  return UTC_LABELS.has(label ?? '')
}
