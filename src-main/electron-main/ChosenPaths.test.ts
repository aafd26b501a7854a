import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SettingsStore } from '../node/api/SettingsStore'
import { createApiHandlers } from '../node/api/createApiHandlers'
import { openTestService } from '../node/testing/testService'
import { ChosenPaths } from './ChosenPaths'

// A real home folder in a temp dir, with real files, folders and symbolic links: the grants
// are compared after the links are resolved, so the links must be real.
let home: string
const at = (...parts: string[]) => join(home, ...parts)

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'dalel-chosen-'))
  await mkdir(at('.ssh'))
  await writeFile(at('.ssh', 'id_ed25519'), 'secret key')
  await mkdir(at('Exports'))
  await mkdir(at('Backups', 'dalel'), { recursive: true })
  await mkdir(at('Photos'))
  await writeFile(at('Photos', 'photo.jpg'), 'jpeg')
  await writeFile(at('Exports', 'old.zip'), 'zip')
  await mkdir(at('media', 'KINGSTON'), { recursive: true })
  // Links an attacker (or a careless sync tool) left inside chosen folders.
  await symlink(at('.ssh'), at('Exports', 'keys'))
  await symlink(at('.ssh', 'id_ed25519'), at('Photos', 'innocent.jpg'))
  await symlink(at('Exports'), at('Desktop-link'))
})
afterAll(async () => {
  await rm(home, { recursive: true, force: true })
})

describe('ChosenPaths', () => {
  it('allows nothing until the person chooses', async () => {
    const chosen = new ChosenPaths()
    expect(await chosen.allows('attach-file', at('Photos', 'photo.jpg'))).toBe(false)
    expect(await chosen.allows('backup-target', '/')).toBe(false)
  })

  it('allows exactly the chosen files, for the purpose they were chosen for', async () => {
    const chosen = new ChosenPaths()
    await chosen.rememberFiles('attach-file', [at('Photos', 'photo.jpg')])
    expect(await chosen.allows('attach-file', at('Photos', 'photo.jpg'))).toBe(true)
    expect(await chosen.allows('attach-file', at('Exports', '..', 'Photos', 'photo.jpg'))).toBe(
      true
    )
    expect(await chosen.allows('attach-file', at('Photos', 'photo.jpg.bak'))).toBe(false)
    expect(await chosen.allows('attach-file', at('.ssh', 'id_ed25519'))).toBe(false)
    expect(await chosen.allows('export-destination', at('Photos', 'photo.jpg'))).toBe(false)
  })

  it('does not let a folder picked for exports serve to attach a file from it', async () => {
    const chosen = new ChosenPaths()
    await chosen.rememberFolder('export-destination', at('Exports'))
    expect(await chosen.allows('export-destination', at('Exports', 'дело-12.zip'))).toBe(true)
    expect(await chosen.allows('attach-file', at('Exports', 'old.zip'))).toBe(false)
    expect(await chosen.allows('backup-target', at('Exports'))).toBe(false)
    expect(await chosen.allows('vault-folder', at('Exports', 'vault'))).toBe(false)
  })

  it('writes an attachment copy only to the file the save dialog returned for it', async () => {
    // The real handlers over a real vault, granted through ChosenPaths as the app grants them.
    const t = await openTestService('dalel-copy-grant-')
    try {
      const chosen = new ChosenPaths()
      const handlers = createApiHandlers({
        service: t.service,
        settings: await SettingsStore.open(join(t.dir, 'settings.json')),
        captureBrowser: () => Promise.reject(new Error('no browser here')),
        emit: () => undefined,
        toolVersion: '0.0.0-test',
        allowPath: (purpose, path) => chosen.allows(purpose, path)
      })
      await writeFile(join(t.dir, 'протокол.txt'), 'Протокол обыска')
      const { seq } = await t.service.addAttachment({
        files: [{ path: join(t.dir, 'протокол.txt') }]
      })
      const copy = at('Exports', 'протокол-копия.txt')
      const bundle = at('Exports', 'дело-12.zip')
      // Not chosen at all, or chosen for a bundle: refused, nothing written.
      await chosen.rememberSaveFile('export', bundle)
      for (const out of [copy, bundle]) {
        const refused = await handlers.saveAttachment({ seq, index: 0, out })
        expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
      }
      await expect(readFile(copy)).rejects.toMatchObject({ code: 'ENOENT' })
      // Chosen in the save dialog for this copy: written, and it is not a bundle's grant.
      await chosen.rememberSaveFile('attachment', copy)
      const saved = await handlers.saveAttachment({ seq, index: 0, out: copy })
      expect(saved).toMatchObject({ ok: true, value: { path: copy } })
      expect(await readFile(copy, 'utf8')).toBe('Протокол обыска')
      expect(await chosen.allows('export-destination', copy)).toBe(false)
    } finally {
      await t.close()
    }
  })

  it('compares after resolving links: a link inside a chosen folder does not lead out of it', async () => {
    const chosen = new ChosenPaths()
    await chosen.rememberFolder('export-destination', at('Exports'))
    await chosen.rememberFolder('backup-target', at('Photos'))
    // Exports/keys → ~/.ssh: writing a bundle "into Exports" would write into ~/.ssh.
    expect(
      await chosen.allows('export-destination', at('Exports', 'keys', 'authorized_keys'))
    ).toBe(false)
    expect(await chosen.allows('backup-target', at('Photos', 'innocent.jpg'))).toBe(false)
    // A link to the chosen folder itself leads into it, and is allowed.
    expect(await chosen.allows('export-destination', at('Desktop-link', 'дело.zip'))).toBe(true)
    // A file chosen through a link is granted as the file it points to, not as the link.
    const viaLink = new ChosenPaths()
    await viaLink.rememberFiles('attach-file', [at('Photos', 'innocent.jpg')])
    expect(await viaLink.allows('attach-file', at('.ssh', 'id_ed25519'))).toBe(true)
    expect(await viaLink.allows('attach-file', at('Photos', 'photo.jpg'))).toBe(false)
  })

  it('allows a chosen folder and what is inside it, never its parent or siblings', async () => {
    const chosen = new ChosenPaths()
    await chosen.rememberFolder('backup-target', at('Backups'))
    expect(await chosen.allows('backup-target', at('Backups'))).toBe(true)
    expect(await chosen.allows('backup-target', at('Backups', 'dalel', 'new'))).toBe(true)
    expect(await chosen.allows('backup-target', at('Backups', '..', '.ssh', 'id_ed25519'))).toBe(
      false
    )
    expect(await chosen.allows('backup-target', at('Backups-old'))).toBe(false)
    expect(await chosen.allows('backup-target', home)).toBe(false)
  })

  it('lets a listed removable drive take a backup, and nothing else', async () => {
    const chosen = new ChosenPaths()
    await chosen.rememberDrives([at('media', 'KINGSTON')])
    expect(await chosen.allows('backup-target', at('media', 'KINGSTON', 'Dalel'))).toBe(true)
    expect(await chosen.allows('attach-file', at('media', 'KINGSTON', 'secret.docx'))).toBe(false)
    expect(await chosen.allows('export-destination', at('media', 'KINGSTON', 'x.zip'))).toBe(false)
    expect(await chosen.allows('restore-source', at('media', 'KINGSTON', 'Dalel'))).toBe(false)
    // A new listing replaces the old: a drive pulled out is no longer a target.
    await chosen.rememberDrives([])
    expect(await chosen.allows('backup-target', at('media', 'KINGSTON', 'Dalel'))).toBe(false)
  })

  it('refuses relative paths and NUL bytes', async () => {
    const chosen = new ChosenPaths()
    await chosen.rememberFolder('attach-file', home)
    await chosen.rememberFiles('attach-file', ['relative.txt'])
    expect(await chosen.allows('attach-file', 'relative.txt')).toBe(false)
    expect(await chosen.allows('attach-file', `${at('a')}\0.png`)).toBe(false)
  })

  it('forgets everything when cleared (the vault locked)', async () => {
    const chosen = new ChosenPaths()
    await chosen.rememberFolder('backup-target', home)
    await chosen.rememberFiles('attach-file', [at('Photos', 'photo.jpg')])
    await chosen.rememberDrives([at('media', 'KINGSTON')])
    chosen.clear()
    expect(await chosen.allows('attach-file', at('Photos', 'photo.jpg'))).toBe(false)
    expect(await chosen.allows('backup-target', at('media', 'KINGSTON'))).toBe(false)
  })

  it('grants dropped ordinary files for attaching only, and leaves out folders and devices', async () => {
    const chosen = new ChosenPaths()
    const granted = await chosen.rememberDroppedFiles([
      at('Photos', 'photo.jpg'),
      at('Photos'),
      '/dev/zero',
      'relative/photo.jpg',
      at('Photos', 'missing.jpg')
    ])
    expect(granted).toEqual([at('Photos', 'photo.jpg')])
    expect(await chosen.allows('attach-file', at('Photos', 'photo.jpg'))).toBe(true)
    expect(await chosen.allows('attach-file', at('Photos'))).toBe(false)
    expect(await chosen.allows('export-destination', at('Photos', 'photo.jpg'))).toBe(false)
    // A dropped link is granted as the file it points at, as a chosen one is.
    expect(await chosen.rememberDroppedFiles([at('Photos', 'innocent.jpg')])).toEqual([
      at('Photos', 'innocent.jpg')
    ])
    expect(await chosen.allows('attach-file', at('.ssh', 'id_ed25519'))).toBe(true)
    chosen.clear()
    expect(await chosen.allows('attach-file', at('Photos', 'photo.jpg'))).toBe(false)
  })
})
