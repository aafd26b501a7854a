// A small real vault for the bundle tests: entries of several kinds, attachments that must
// be stored or deflated, an amendment, a withdrawal, and secrets that must never leave it.
import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createTestVault } from './testVault'
import type { Vault } from '../vault/Vault'

export function pngBytes(width: number, height: number, body: Buffer): Buffer {
  const ihdr = Buffer.alloc(25)
  ihdr.writeUInt32BE(13, 0)
  ihdr.write('IHDR', 4, 'latin1')
  ihdr.writeUInt32BE(width, 8)
  ihdr.writeUInt32BE(height, 12)
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr, body])
}

export interface EvidenceFixture {
  vault: Vault
  /** seqs by role */
  seq: {
    note: number
    secretIncident: number
    photos: number
    secretFile: number
    amendment: number
    withdrawn: number
    withdrawal: number
  }
  /** what the undisclosed entries hold, which no bundle of the others may contain */
  secrets: { title: string; body: string; attachment: Buffer }
  /** the attachments of the photos entry, as written */
  photo: Buffer
  notes: Buffer
}

/** Entries 1–7; the photos entry (3) has a PNG, a text file, and two files named alike. */
export async function makeEvidenceVault(dir: string): Promise<EvidenceFixture> {
  const { vault } = await createTestVault(join(dir, 'vault'))
  const note = await vault.append({
    kind: 'note',
    title: 'Обыск в редакции «Дәлел»',
    payload: { body: 'Пришли в 6 утра, изъяли ноутбуки.', tags: ['обыск'] }
  })
  const secrets = {
    title: 'SECRET-TITLE Источник: Айгерим',
    body: 'SECRET-BODY тел. +7 701 555 0199',
    attachment: Buffer.concat([Buffer.from('SECRET-ATTACHMENT-'), randomBytes(8192)])
  }
  const secretIncident = await vault.append({
    kind: 'incident',
    title: secrets.title,
    payload: { type: 'threat', body: secrets.body, witnesses: ['Оспанова Г.'] }
  })
  const photo = pngBytes(640, 480, randomBytes(50_000))
  const notes = Buffer.from('Протокол обыска\n'.repeat(400))
  const photoPath = join(dir, 'протокол.png')
  const notesPath = join(dir, 'notes.txt')
  await writeFile(photoPath, photo)
  await writeFile(notesPath, notes)
  const photos = await vault.append({ kind: 'file', title: 'Фото протокола', payload: {} }, [
    { path: photoPath },
    { path: notesPath },
    { bytes: Buffer.from('first'), name: '../../etc/passwd' },
    { bytes: Buffer.from('second'), name: 'ENTRY.json' },
    { bytes: Buffer.from('third'), name: 'Notes.TXT' }
  ])
  const secretFile = await vault.append({ kind: 'file', title: 'source.bin', payload: {} }, [
    { bytes: secrets.attachment, name: 'source.bin' }
  ])
  const amendment = await vault.append({
    kind: 'amendment',
    title: 'Обыск в редакции',
    payload: {
      target: { seq: note.seq, id: note.id },
      reason: 'опечатка',
      changes: { title: 'Обыск' }
    }
  })
  const withdrawn = await vault.append({ kind: 'note', title: 'ошибочная запись', payload: {} })
  const withdrawal = await vault.append({
    kind: 'withdrawal',
    title: `#${withdrawn.seq}`,
    payload: { target: { seq: withdrawn.seq, id: withdrawn.id }, reason: 'угроза источнику' }
  })
  return {
    vault,
    seq: {
      note: note.seq,
      secretIncident: secretIncident.seq,
      photos: photos.seq,
      secretFile: secretFile.seq,
      amendment: amendment.seq,
      withdrawn: withdrawn.seq,
      withdrawal: withdrawal.seq
    },
    secrets,
    photo,
    notes
  }
}
