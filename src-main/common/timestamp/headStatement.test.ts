import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { headStatement, headStatementBytes, parseHeadStatement } from './headStatement'

const head = { vaultId: '01936f4e-6b1c-7c3e-9a51-2f0d8e4b7a10', seq: 12, chain: '0f'.repeat(32) }

describe('the head statement', () => {
  it('is four LF-ended lines, and its SHA-256 is what sha256sum prints for it', () => {
    const text = headStatement(head)
    expect(text.split('\n')).toEqual([
      'dalel-head/v1',
      `vault ${head.vaultId}`,
      'seq 12',
      `chain ${'0f'.repeat(32)}`,
      ''
    ])
    expect(createHash('sha256').update(headStatementBytes(head)).digest('hex')).toBe(
      createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex')
    )
  })

  it('reads back only an exact statement', () => {
    expect(parseHeadStatement(headStatement(head))).toEqual(head)
    expect(parseHeadStatement(headStatement(head).replace('\n', '\r\n'))).toBeNull()
    expect(parseHeadStatement(`${headStatement(head)}\n`)).toBeNull()
    expect(parseHeadStatement(headStatement(head).replace('seq 12', 'seq 012'))).toBeNull()
    expect(parseHeadStatement(headStatement(head).replace('0f', '0F'))).toBeNull()
  })

  it('refuses a head that is not one', () => {
    expect(() => headStatement({ ...head, seq: 0 })).toThrow()
    expect(() => headStatement({ ...head, chain: 'xyz' })).toThrow()
  })
})
