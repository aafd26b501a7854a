import { formatNumber } from '../common/i18n/formatNumber'

/**
 * Bytes as decimal megabytes for progress and result lines, in the reader's number form:
 * one decimal below 10 MB ("0,6" in ru and kk, "0.6" in en), whole megabytes above.
 */
export function megabytes(locale: string, bytes: number): string {
  return formatNumber(locale, bytes / 1_000_000, bytes < 10_000_000 ? 1 : 0)
}
