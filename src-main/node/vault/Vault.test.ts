import { createHash } from 'node:crypto'
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DalelError } from '../../common/errors/DalelError'
import { TEST_PASSPHRASE, createTestVault, steppingClock, tempDir } from '../testing/testVault'
import { Vault } from './Vault'

let dir: { path: string; remove: () => Promise<void> }
let vaultPath: string

beforeEach(async () => {
  dir = await tempDir()
  vaultPath = join(dir.path, 'vault')
})
afterEach(async () => {
  await dir.remove()
})

describe('Vault', () => {
  it('keeps entries, attachments and search across a close and an unlock', async () => {
    const { vault } = await createTestVault(vaultPath)
    const note = await vault.append({
      kind: 'note',
      title: 'Обыск в редакции',
      payload: { body: 'Пришли в 6 утра, изъяли ноутбуки.' }
    })
    const photo = join(dir.path, 'seized.png')
    await writeFile(photo, pngBytes(640, 480))
    const file = await vault.append({ kind: 'file', title: 'Фото протокола', payload: {} }, [
      { path: photo }
    ])
    await vault.close()

    const reopened = await Vault.open(
      vaultPath,
      { passphrase: TEST_PASSPHRASE },
      {},
      { clock: steppingClock() }
    )
    expect(reopened.count()).toBe(2)
    expect(reopened.get(note.id).entry?.title).toBe('Обыск в редакции')
    const attachment = reopened.get(file.seq).entry?.attachments[0]
    expect(attachment).toMatchObject({
      mediaType: 'image/png',
      width: 640,
      height: 480,
      name: 'seized.png',
      role: 'original'
    })
    expect(Buffer.from(await reopened.readAttachment(file.seq, 0))).toEqual(await readFile(photo))
    expect(reopened.search('ОБЫСК').map((e) => e.seq)).toEqual([1])
    expect(reopened.search('ноутбук').map((e) => e.seq)).toEqual([1])
    const report = await reopened.verify()
    expect(report).toMatchObject({ ok: true, entries: 2, attachments: 1, problems: [] })
    await reopened.close()
  })

  it('unlocks with the recovery code, and refuses a wrong passphrase with wrong-passphrase', async () => {
    const { vault, recoveryCode } = await createTestVault(vaultPath)
    await vault.close()
    const typed = recoveryCode.toLowerCase().replace(/-/g, ' ')
    const byCode = await Vault.open(
      vaultPath,
      { recoveryCode: typed },
      {},
      { clock: steppingClock() }
    )
    await byCode.close()
    await expect(
      Vault.open(vaultPath, { passphrase: 'not it' }, {}, { clock: steppingClock() })
    ).rejects.toMatchObject({
      code: 'wrong-passphrase'
    })
  })

  it('stores no plaintext: neither titles nor attachment bytes appear in any vault file', async () => {
    const { vault } = await createTestVault(vaultPath)
    const secret = 'Источник: Айгерим, тел. +7 701 555 0199'
    const doc = join(dir.path, 'source.txt')
    await writeFile(doc, `${secret}\n`.repeat(100))
    await vault.append({ kind: 'note', title: secret, payload: { body: secret } }, [{ path: doc }])
    await vault.compact()
    await vault.append({ kind: 'note', title: `${secret} 2`, payload: {} })
    await vault.close()
    const needle = Buffer.from('Айгерим')
    for (const file of await listFiles(vaultPath)) {
      expect((await readFile(file)).includes(needle), file).toBe(false)
    }
  })

  it('rewraps the master key on a passphrase change, keeping the recovery code valid', async () => {
    const { vault, recoveryCode } = await createTestVault(vaultPath)
    await vault.append({ kind: 'note', title: 'before', payload: {} })
    await vault.changePassphrase({ passphrase: TEST_PASSPHRASE }, 'новый пароль')
    await vault.close()
    await expect(
      Vault.open(vaultPath, { passphrase: TEST_PASSPHRASE }, {}, { clock: steppingClock() })
    ).rejects.toBeInstanceOf(DalelError)
    const withNew = await Vault.open(
      vaultPath,
      { passphrase: 'новый пароль' },
      {},
      { clock: steppingClock() }
    )
    expect(withNew.count()).toBe(1)
    await withNew.close()
    const withCode = await Vault.open(vaultPath, { recoveryCode }, {}, { clock: steppingClock() })
    expect((await withCode.verify()).ok).toBe(true)
    await withCode.close()
  })

  it('withdraws an entry: content and blob are destroyed, the chain still verifies', async () => {
    const { vault } = await createTestVault(vaultPath)
    const doc = join(dir.path, 'leak.txt')
    await writeFile(doc, 'уникальный текст для изъятия')
    const target = await vault.append({ kind: 'file', title: 'Документ', payload: {} }, [
      { path: doc }
    ])
    await vault.append({ kind: 'note', title: 'after', payload: {} })
    const blobsBefore = (await listFiles(join(vaultPath, 'blobs'))).length
    await vault.append({
      kind: 'withdrawal',
      title: 'Изъятие',
      payload: { target: { seq: target.seq, id: target.id }, reason: 'источник в опасности' }
    })
    expect(vault.get(target.seq).entry).toBeNull()
    expect(vault.get(target.seq).withdrawnBy).toBe(3)
    expect(vault.search('Документ')).toEqual([])
    expect((await listFiles(join(vaultPath, 'blobs'))).length).toBe(blobsBefore - 1)
    const report = await vault.verify()
    expect(report).toMatchObject({ ok: true, entries: 3, withdrawn: 1 })
    await vault.close()
  })

  it('records an amendment that points at its target', async () => {
    const { vault } = await createTestVault(vaultPath)
    const target = await vault.append({ kind: 'note', title: 'Задержание 3 марта', payload: {} })
    const amendment = await vault.append({
      kind: 'amendment',
      title: 'Исправление даты',
      payload: {
        target: { seq: target.seq, id: target.id },
        reason: 'опечатка',
        changes: { occurredAt: '2026-02-27' }
      }
    })
    expect(vault.get(target.seq).referencedBy).toEqual([
      { seq: amendment.seq, id: amendment.id, kind: 'amendment' }
    ])
    await expect(
      vault.append({
        kind: 'amendment',
        title: 'x',
        // A change of something: an amendment that changes nothing is refused before the lookup.
        payload: { target: { seq: 1, id: 'wrong' }, reason: 'r', changes: { title: 'y' } }
      })
    ).rejects.toMatchObject({ code: 'entry-not-found' })
    await vault.close()
  })

  it('attaches bytes from memory without a plaintext temp file', async () => {
    const { vault } = await createTestVault(vaultPath)
    const bytes = Buffer.from('Скриншот страницы — только в памяти')
    const stored = await vault.append({ kind: 'file', title: 'in memory', payload: {} }, [
      { bytes, name: 'page.txt', role: 'text' }
    ])
    const attachment = stored.entry?.attachments[0]
    expect(attachment).toMatchObject({
      name: 'page.txt',
      role: 'text',
      mediaType: 'text/plain',
      size: bytes.length
    })
    expect(attachment?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
    expect(Buffer.from(await vault.readAttachment(stored.seq, 0)).equals(bytes)).toBe(true)
    for (const file of await listFiles(vaultPath)) {
      expect((await readFile(file)).includes(Buffer.from('только в памяти')), file).toBe(false)
    }
    await vault.close()
  })

  it('refuses every operation once locked', async () => {
    const { vault } = await createTestVault(vaultPath)
    await vault.append({ kind: 'note', title: 'x', payload: {} })
    await vault.close()
    await expect(vault.append({ kind: 'note', title: 'y', payload: {} })).rejects.toMatchObject({
      code: 'vault-locked'
    })
    await expect(vault.verify()).rejects.toMatchObject({ code: 'vault-locked' })
    await expect(vault.readAttachment(1, 0)).rejects.toMatchObject({ code: 'vault-locked' })
  })

  it('refuses to create a vault over an existing one', async () => {
    const { vault } = await createTestVault(vaultPath)
    await vault.close()
    await expect(createTestVault(vaultPath)).rejects.toMatchObject({ code: 'vault-exists' })
  })
})

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath, entry.name))
  }
  return out
}

/** A valid-looking PNG header of the given size (the IHDR is all the vault reads). */
function pngBytes(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(25)
  ihdr.writeUInt32BE(13, 0)
  ihdr.write('IHDR', 4, 'latin1')
  ihdr.writeUInt32BE(width, 8)
  ihdr.writeUInt32BE(height, 12)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    ihdr,
    Buffer.alloc(100, 7)
  ])
}
