import type { Entry, EntryOf } from '../entry/Entry'

/**
 * Test support: an amendment entry of `target` (seq, id and the time it was recorded are
 * made up), as a vault or a bundle would hold it. Imported by tests only.
 */
export function amendmentOf(
  target: Pick<Entry, 'seq' | 'id'>,
  seq: number,
  reason: string,
  changes: Record<string, unknown>
): EntryOf<'amendment'> {
  return {
    seq,
    id: `01960000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    kind: 'amendment',
    recordedAt: '2026-03-05T10:00:00.000Z',
    author: 'Айгерим',
    title: '',
    payload: { target: { seq: target.seq, id: target.id }, reason, changes },
    attachments: []
  }
}
