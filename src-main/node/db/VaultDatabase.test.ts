import { describe, expect, it } from 'vitest'
import type { ChainLink } from '../../common/chain/ChainLink'
import { toSha256Hex, toSignatureHex } from '../../common/encoding/brands'
import type { Entry } from '../../common/entry/Entry'
import { DatabaseImage, ftsQuery, VaultDatabase } from './VaultDatabase'

function note(seq: number, title: string, body: string): Entry {
  return {
    seq,
    id: `0190a0b0-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    kind: 'note',
    recordedAt: '2026-03-01T09:00:00.000Z',
    author: 'Test',
    title,
    payload: { body },
    attachments: []
  }
}

function link(seq: number): ChainLink {
  return {
    seq,
    commitment: toSha256Hex('00'.repeat(32)),
    chain: toSha256Hex(seq.toString(16).padStart(64, '0')),
    signature: toSignatureHex('00'.repeat(64))
  }
}

function insert(db: VaultDatabase, seq: number, title: string, body = 'текст'): void {
  const entry = note(seq, title, body)
  db.insertEntry(entry, JSON.stringify(entry), 'ab'.repeat(32), link(seq), [])
}

describe('VaultDatabase', () => {
  it('stores text given to SQLite as UTF-8 bytes as text, found in any letter case', async () => {
    const db = await VaultDatabase.create()
    insert(db, 1, 'Тінту редакцияда', 'Қазақ тілі, ӘҒҚҢӨҰҮҺІ')
    insert(db, 2, '', '')
    expect(db.bySeq(1)?.title).toBe('Тінту редакцияда')
    expect(db.bySeq(2)?.title).toBe('')
    expect(db.search('ТІНТУ').map((r) => r.seq)).toEqual([1])
    expect(db.search('әғқңөұүһі').map((r) => r.seq)).toEqual([1])
    db.close()
  })

  it('finds ё and е as one letter, as written and as typed, in any letter case', async () => {
    const db = await VaultDatabase.create()
    insert(db, 1, 'Жёсткий разговор', 'Сказал: ЕЩЁ раз напишете — пожалеете')
    insert(db, 2, 'Жесткий диск изъят', 'еще один')
    const seqs = (typed: string) => db.search(typed).map((r) => r.seq)
    expect(seqs('жесткий')).toEqual([2, 1])
    expect(seqs('ЖЁСТКИЙ')).toEqual([2, 1])
    expect(seqs('ещё')).toEqual([2, 1])
    expect(seqs('пожалеёте')).toEqual([1])
    expect(
      db.timeline({ order: 'recorded', limit: 5, match: ftsQuery('еще раз') ?? '' }).rows
    ).toMatchObject([{ seq: 1 }])
    db.close()
  })

  it('takes a DatabaseImage as its own file, grows into its spare room, and wipes it at close', async () => {
    const source = await VaultDatabase.create()
    for (let seq = 1; seq <= 50; seq++) insert(source, seq, `запись ${seq}`)
    const exported = source.export()
    source.close()

    const memory = DatabaseImage.allocate(exported.length)
    const image = new DatabaseImage(memory, 0, exported.length)
    image.set(exported)
    const db = await VaultDatabase.load(image)
    // sql.js kept this memory as the database file instead of copying it.
    expect(db.ownsImage).toBe(true)
    const beyond = new Uint8Array(memory, exported.length)
    expect(beyond.every((byte) => byte === 0)).toBe(true)
    for (let seq = 51; seq <= 150; seq++) insert(db, seq, `запись ${seq}`, 'x'.repeat(2000))
    // The file grew into the room after the image, not into a copy.
    expect(beyond.some((byte) => byte !== 0)).toBe(true)
    expect(db.count()).toBe(150)
    expect(db.search('ЗАПИСЬ').length).toBe(150)
    db.close()
    expect(new Uint8Array(memory).every((byte) => byte === 0)).toBe(true)
  })

  it('loads a plain image by copying it, and leaves the copy to the caller', async () => {
    const source = await VaultDatabase.create()
    insert(source, 1, 'one')
    const exported = source.export()
    source.close()
    const db = await VaultDatabase.load(exported)
    expect(db.ownsImage).toBe(false)
    expect(db.bySeq(1)?.title).toBe('one')
    db.close()
  })

  it('takes back an entry whose journal record could not be written', async () => {
    const db = await VaultDatabase.create()
    insert(db, 1, 'kept')
    insert(db, 2, 'written, then its record failed')
    db.removeEntry(2)
    expect(db.head().seq).toBe(1)
    expect(db.search('failed')).toEqual([])
    insert(db, 2, 'the next one')
    expect(db.bySeq(2)?.title).toBe('the next one')
    db.close()
  })

  it('finds every entry however its search text was batched, and exports the whole index', async () => {
    const db = await VaultDatabase.create()
    for (let seq = 1; seq <= 30; seq++) insert(db, seq, `обыск ${seq}`)
    expect(db.search('ОБЫСК').length).toBe(30)
    for (let seq = 31; seq <= 40; seq++) insert(db, seq, `обыск ${seq}`)
    const image = db.export()
    db.close()
    // Loaded elsewhere, nothing waits: the rows are in the image itself.
    const copy = await VaultDatabase.load(image)
    expect(copy.search('обыск').length).toBe(40)
    copy.close()
  })

  it('withdraws an entry whose search text still waits, and undoes that with the transaction', async () => {
    const db = await VaultDatabase.create()
    insert(db, 1, 'задержание журналиста')
    insert(db, 2, 'another')
    const withdrawal: Entry = {
      ...note(3, 'withdrawn', ''),
      kind: 'withdrawal',
      payload: { target: { seq: 1, id: note(1, '', '').id }, reason: 'ошибка' }
    }
    // A withdrawal whose journal record failed: rolled back, the target stays findable.
    db.stageEntry(withdrawal, JSON.stringify(withdrawal), 'ab'.repeat(32), link(3), [])
    db.rollback()
    expect(db.search('задержание').map((r) => r.seq)).toEqual([1])
    // Once more, with the target's row already in the index, and this time it holds.
    db.stageEntry(withdrawal, JSON.stringify(withdrawal), 'ab'.repeat(32), link(3), [])
    db.rollback()
    expect(db.search('задержание').map((r) => r.seq)).toEqual([1])
    db.insertEntry(withdrawal, JSON.stringify(withdrawal), 'ab'.repeat(32), link(3), [])
    expect(db.search('задержание')).toEqual([])
    expect(db.bySeq(1)?.withdrawnBy).toBe(3)
    db.close()
  })

  it('searches inside an open transaction, and a rollback puts the batch back to wait', async () => {
    const db = await VaultDatabase.create()
    insert(db, 1, 'первая')
    const withdrawal: Entry = {
      ...note(2, 'withdrawn', ''),
      kind: 'withdrawal',
      payload: { target: { seq: 1, id: note(1, '', '').id }, reason: 'r' }
    }
    db.stageEntry(withdrawal, JSON.stringify(withdrawal), 'ab'.repeat(32), link(2), [])
    // A search while the withdrawal's record is being written writes the waiting rows
    // inside that transaction.
    expect(db.search('первая')).toEqual([])
    db.rollback()
    expect(db.search('первая').map((r) => r.seq)).toEqual([1])
    db.close()
  })
})
