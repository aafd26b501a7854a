import { describe, expect, it } from 'vitest'
import { ReportWriter } from './ReportWriter'

describe('ReportWriter.bytes', () => {
  // A screenshot is hundreds of kilobytes: the count must reach the plural rule as a number,
  // or the report prints "NaN байта".
  it('says a large size in the reader’s language, digits grouped, with the right plural', () => {
    const spaced = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ')
    expect(spaced(new ReportWriter('en').bytes(1_234_567))).toBe('1,234,567 bytes')
    expect(spaced(new ReportWriter('ru').bytes(1_234_567))).toBe('1 234 567 байт')
    expect(spaced(new ReportWriter('ru').bytes(482_302))).toBe('482 302 байта')
    expect(spaced(new ReportWriter('kk').bytes(1_234_567))).toBe('1 234 567 байт')
    expect(new ReportWriter('ru').bytes(21)).toBe('21 байт')
  })
})
