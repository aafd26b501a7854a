import { describe, expect, it } from 'vitest'
import type { Entry } from '../entry/Entry'
import { entryStatus } from './entryStatus'

/** Only the fields entryStatus reads; the rest of a real entry does not matter to it. */
const entry = (kind: Entry['kind'], payload: object): Entry =>
  ({ seq: 9, id: 'x', kind, title: 't', payload, attachments: [] }) as unknown as Entry

describe('entryStatus', () => {
  it('says what a probe found, up included', () => {
    expect(entryStatus(entry('probe', { outcome: 'ok', status: 200 }))).toEqual({ status: 'up' })
    expect(entryStatus(entry('probe', { outcome: 'refused' }))).toEqual({ status: 'unavailable' })
    expect(entryStatus(entry('probe', { outcome: 'http-error', status: 503 }))).toEqual({
      status: 'unavailable'
    })
    expect(entryStatus(entry('probe', { outcome: 'http-error', status: 451 }))).toEqual({
      status: 'gone'
    })
  })

  it('tells a first capture that failed apart by what the server said, and names a restored one', () => {
    expect(entryStatus(entry('web-capture', { outcome: 'http-error', status: 404 }))).toEqual({
      status: 'gone'
    })
    expect(entryStatus(entry('web-capture', { outcome: 'timeout' }))).toEqual({
      status: 'unavailable'
    })
    expect(entryStatus(entry('web-capture', { outcome: 'captured', status: 200 }))).toBeNull()
    expect(
      entryStatus(
        entry('web-capture', {
          outcome: 'captured',
          status: 200,
          recheck: { outcome: 'restored', restoredFrom: { seq: 3, id: 'y' } }
        })
      )
    ).toEqual({ status: 'restored', seq: 3 })
  })

  it('shows nothing for the other kinds', () => {
    expect(entryStatus(entry('note', { body: 'x' }))).toBeNull()
    expect(entryStatus(null)).toBeNull()
  })
})
