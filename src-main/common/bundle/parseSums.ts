import { SUMS_FILE, SUMS_SIGNATURE_FILE } from './bundleLayout'
import { unsafeNameReason } from './ScannedBundle'
import type { BundleProblem } from './ScannedBundle'

/** SHA256SUMS as `sha256sum -c` reads it: "<hex>  <path>" (or " *<path>") per line. */
export function parseSums(sums: string, problems: BundleProblem[]): Map<string, string> {
  const listed = new Map<string, string>()
  const malformed = (line: number, detail: string) =>
    problems.push({ code: 'sums-malformed', file: SUMS_FILE, detail: `line ${line}: ${detail}` })
  if (sums !== '' && !sums.endsWith('\n')) malformed(sums.split('\n').length, 'no final newline')
  const lines = sums.split('\n')
  if (lines.at(-1) === '') lines.pop()
  for (const [index, line] of lines.entries()) {
    const match = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line)
    const path = match?.[2]
    if (match === null || path === undefined) malformed(index + 1, 'not "<sha256>  <path>"')
    else if (unsafeNameReason(path) !== null) malformed(index + 1, `unsafe path ${path}`)
    else if (path === SUMS_FILE || path === SUMS_SIGNATURE_FILE)
      malformed(index + 1, `lists ${path}`)
    else if (listed.has(path)) malformed(index + 1, `lists ${path} twice`)
    else listed.set(path, (match[1] ?? '').toLowerCase())
  }
  return listed
}
