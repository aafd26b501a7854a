import { escapeTerminal } from './escapeTerminal'

/**
 * Every byte the CLI prints goes through here, so no command can forget: control characters
 * and bidi overrides from a title, an exporter name or a file name reach the terminal as
 * visible `\uXXXX`. Line feeds and tabs stay. A carriage return stays only as the first
 * character of a write, which is how progress lines rewrite themselves on a terminal; one
 * inside text would let it overwrite what was printed before it on the line.
 */
export function terminalWriter(stream: { write(text: string): unknown; isTTY?: boolean }): {
  write(text: string): unknown
  isTTY?: boolean
} {
  return {
    ...(stream.isTTY !== undefined ? { isTTY: stream.isTTY } : {}),
    write(text: string) {
      const rewrite = text.startsWith('\r')
      return stream.write(
        rewrite ? `\r${escapeTerminal(text.slice(1), 'keep')}` : escapeTerminal(text, 'keep')
      )
    }
  }
}
