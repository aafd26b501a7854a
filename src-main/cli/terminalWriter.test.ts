import { describe, expect, it } from 'vitest'
import { terminalWriter } from './terminalWriter'

function collect() {
  const written: string[] = []
  return { written, writer: terminalWriter({ write: (t: string) => written.push(t), isTTY: true }) }
}

describe('terminalWriter', () => {
  it('keeps line feeds and tabs and makes every other control visible', () => {
    const { written, writer } = collect()
    writer.write('a\tb\n\u001b[2J\u0007\u007f\u0085\u202e\u2066\r\n')
    expect(written).toEqual(['a\tb\n\\u001b[2J\\u0007\\u007f\\u0085\\u202e\\u2066\\u000d\n'])
  })

  it('lets a progress line rewrite itself with a leading carriage return, and only there', () => {
    const { written, writer } = collect()
    writer.write('\r3/10 files\rOK')
    expect(written).toEqual(['\r3/10 files\\u000dOK'])
    expect(writer.isTTY).toBe(true)
  })

  it('leaves Kazakh, Russian and emoji text as it is', () => {
    const { written, writer } = collect()
    writer.write('Тінту, обыск 📷 ё\n')
    expect(written).toEqual(['Тінту, обыск 📷 ё\n'])
  })
})
