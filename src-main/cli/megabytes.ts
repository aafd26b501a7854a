/** Bytes as decimal megabytes for progress and result lines: one decimal below 10 MB. */
export function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0)
}
