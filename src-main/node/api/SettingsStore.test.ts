import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../testing/testVault'
import { DEFAULT_SETTINGS, SettingsStore } from './SettingsStore'

describe('SettingsStore', () => {
  let dir = ''
  let remove: () => Promise<void> = () => Promise.resolve()
  beforeEach(async () => {
    ;({ path: dir, remove } = await tempDir('dalel-settings-'))
  })
  afterEach(async () => {
    await remove()
  })

  it('starts from the defaults, and the given defaults, when there is no file', async () => {
    const store = await SettingsStore.open(join(dir, 'none', 'settings.json'), { language: 'kk' })
    expect(store.get()).toEqual({ ...DEFAULT_SETTINGS, language: 'kk' })
  })

  it('writes the file (creating its folder) and reads it back after a restart', async () => {
    const path = join(dir, 'config', 'settings.json')
    const store = await SettingsStore.open(path)
    await store.update({ language: 'ru', lastVaultPath: '/home/a/Дәлел' })
    const reopened = await SettingsStore.open(path)
    expect(reopened.get()).toMatchObject({ language: 'ru', lastVaultPath: '/home/a/Дәлел' })
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(reopened.get())
    expect(await readdir(join(dir, 'config'))).toEqual(['settings.json'])
  })

  it('keeps captures in memory unless the journalist chose to keep logins, and remembers the choice', async () => {
    const path = join(dir, 'settings.json')
    const store = await SettingsStore.open(path)
    expect(store.get().keepCaptureLogins).toBe(false)
    await store.update({ keepCaptureLogins: true })
    expect((await SettingsStore.open(path)).get().keepCaptureLogins).toBe(true)
    await writeFile(path, JSON.stringify({ keepCaptureLogins: 'yes' }))
    expect((await SettingsStore.open(path)).get().keepCaptureLogins).toBe(false)
  })

  it('survives a corrupt file: defaults, no crash', async () => {
    const path = join(dir, 'settings.json')
    for (const junk of ['{"language": "ru",', '[1,2]', 'null', '\u0000\u0001', '"kk"']) {
      await writeFile(path, junk)
      expect((await SettingsStore.open(path)).get(), junk).toEqual(DEFAULT_SETTINGS)
    }
  })

  it('keeps the good fields of a damaged file and defaults the bad ones alone', async () => {
    const path = join(dir, 'settings.json')
    await writeFile(
      path,
      JSON.stringify({
        language: 'ru',
        autoLockMinutes: -3,
        lastVaultPath: 42,
        lastBackupTarget: '/media/usb',
        backupWarningDays: 'often',
        unknown: true
      })
    )
    expect((await SettingsStore.open(path)).get()).toEqual({
      ...DEFAULT_SETTINGS,
      language: 'ru',
      lastBackupTarget: '/media/usb'
    })
  })

  it('ends with the last of several updates made at once', async () => {
    const path = join(dir, 'settings.json')
    const store = await SettingsStore.open(path)
    await Promise.all([
      store.update({ autoLockMinutes: 1 }),
      store.update({ autoLockMinutes: 2 }),
      store.update({ autoLockMinutes: 3 })
    ])
    expect((await SettingsStore.open(path)).get().autoLockMinutes).toBe(3)
  })
})
