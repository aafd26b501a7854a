import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TEST_PASSPHRASE } from '../testing/testVault'
import { useTestService } from '../testing/useTestService'

/**
 * DESIGN "Entries": any entry may name related entries (`about`), and the link is shown both
 * ways. Links are recorded with the entry (seq and id, in the signed payload) and indexed in
 * the database, so "referred to by" survives a reopen (journal replay) and a compaction.
 */
describe('links between entries (about)', () => {
  const t = useTestService('dalel-about-', { author: 'Айгерим' })

  it('records what a note, an incident and a file are about, by seq and id, and shows it both ways', async () => {
    const search = await t.service.addIncident({ title: 'Обыск в редакции', type: 'search' })
    const photo = join(t.dir, 'protocol.jpg')
    await writeFile(photo, 'протокол')
    const scan = await t.service.addAttachment({
      files: [{ path: photo }],
      title: 'Протокол обыска',
      about: [String(search.seq)]
    })
    // by seq, by "№N", by id: each once, in chain order
    const note = await t.service.addNote({
      title: 'Адвоката не пустили',
      about: [scan.id, `№${search.seq}`, String(scan.seq)]
    })
    const later = await t.service.addIncident({
      title: 'Повторный допрос',
      type: 'interrogation',
      about: [search.id.slice(0, 13)]
    })
    expect(scan.entry?.payload).toMatchObject({ about: [{ seq: search.seq, id: search.id }] })
    expect(note.entry?.payload).toEqual({
      about: [
        { seq: search.seq, id: search.id },
        { seq: scan.seq, id: scan.id }
      ]
    })
    expect(later.entry?.payload).toMatchObject({ about: [{ seq: search.seq, id: search.id }] })
    const linkedFrom = (seq: number) => t.service.getEntry(String(seq)).linkedFrom.map((r) => r.seq)
    expect(linkedFrom(search.seq)).toEqual([scan.seq, note.seq, later.seq])
    expect(linkedFrom(scan.seq)).toEqual([note.seq])
    expect(t.service.getEntry(String(search.seq)).linkedFrom[0]?.kind).toBe('file')
    expect(linkedFrom(note.seq)).toEqual([])
  })

  it('refuses a link to an entry that does not exist or was withdrawn, recording nothing', async () => {
    const draft = await t.service.addNote({ title: 'Черновик' })
    await t.service.withdraw({ target: String(draft.seq), reason: 'ошибка' })
    const head = t.service.summary().head
    await expect(t.service.addNote({ title: 'Ссылка', about: ['999'] })).rejects.toMatchObject({
      code: 'entry-not-found'
    })
    await expect(
      t.service.addNote({ title: 'Ссылка', about: [String(draft.seq)] })
    ).rejects.toMatchObject({ code: 'entry-withdrawn' })
    expect(t.service.summary().head).toEqual(head)
  })

  it('keeps "referred to by" across a reopen and a compaction, and drops it when the referring entry is withdrawn', async () => {
    const call = await t.service.addNote({ title: 'Звонок' })
    const first = await t.service.addNote({ title: 'О звонке', about: [String(call.seq)] })
    const second = await t.service.addNote({ title: 'Ещё о звонке', about: [String(call.seq)] })
    await t.service.lock()
    await t.service.unlock(t.vaultPath, { passphrase: TEST_PASSPHRASE })
    const seqs = () => t.service.getEntry(String(call.seq)).linkedFrom.map((r) => r.seq)
    expect(seqs()).toEqual([first.seq, second.seq])
    // A withdrawal destroys the note's content, its links with it; it also compacts.
    await t.service.withdraw({ target: String(first.seq), reason: 'не о том' })
    expect(seqs()).toEqual([second.seq])
    await t.service.lock()
    await t.service.unlock(t.vaultPath, { passphrase: TEST_PASSPHRASE })
    expect(seqs()).toEqual([second.seq])
    expect((await t.service.verify()).ok).toBe(true)
  })
})
