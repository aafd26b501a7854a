/**
 * Whether a terminal acts on this character instead of showing it: C0 controls (ESC starts
 * cursor moves, screen clears and window-title changes; BEL; CR overwrites a line), DEL, the
 * C1 controls (U+009B is a one-character CSI on some terminals), the bidirectional marks,
 * overrides and isolates that make "exe.txt" read as "txt.exe" (U+202E and its kin), and the
 * line and paragraph separators. A vault, a bundle's manifest or a file name may carry any.
 */
function isUnsafe(code: number, keepLines: boolean): boolean {
  if (keepLines && (code === 0x0a || code === 0x09)) return false
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  )
}

/**
 * Text made safe to print to a terminal: every unsafe character becomes a visible `\uXXXX`.
 * That is also the JSON escape of the same character, so `--json` output that passes through
 * here stays the same JSON document. `lines: 'keep'` leaves line feeds and tabs (a body, a
 * whole report); `lines: 'escape'` makes a single-line field that cannot forge another line.
 */
export function escapeTerminal(text: string, lines: 'keep' | 'escape'): string {
  const keepLines = lines === 'keep'
  let out = ''
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (!isUnsafe(code, keepLines)) continue
    out += `${text.slice(start, i)}\\u${code.toString(16).padStart(4, '0')}`
    start = i + 1
  }
  return start === 0 ? text : out + text.slice(start)
}
