import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BACKUP_FOLDER } from '../backup/removableDrives'
import { useTestService } from '../testing/useTestService'
import { removableDriveStatus } from './removableDriveStatus'

describe('removableDriveStatus', () => {
  const t = useTestService('dalel-drives-')

  it("names this vault's last backup on each drive, and where its backup goes there", async () => {
    const kingston = { path: join(t.dir, 'KINGSTON'), label: 'KINGSTON' }
    const empty = { path: join(t.dir, 'EMPTY'), label: 'EMPTY' }
    await mkdir(empty.path)
    const { vaultId } = t.service.summary()
    const { result } = await t.service.backup(join(kingston.path, BACKUP_FOLDER, vaultId))
    const drives = await removableDriveStatus(t.deps, vaultId, 7, [kingston, empty])
    expect(drives).toEqual([
      {
        path: kingston.path,
        label: 'KINGSTON',
        lastBackupAt: result.manifest.createdAt,
        backupDir: join(kingston.path, BACKUP_FOLDER, vaultId)
      },
      {
        path: empty.path,
        label: 'EMPTY',
        lastBackupAt: null,
        backupDir: join(empty.path, BACKUP_FOLDER, vaultId)
      }
    ])
  })

  it('lists the drives without backup dates while no vault is open', async () => {
    const kingston = { path: join(t.dir, 'KINGSTON'), label: 'KINGSTON' }
    expect(await removableDriveStatus(t.deps, null, 7, [kingston])).toEqual([
      { path: kingston.path, label: 'KINGSTON', lastBackupAt: null, backupDir: null }
    ])
  })

  it("lists the drives the service was given, not the machine's, when it names them", async () => {
    const usb = { path: join(t.dir, 'USB'), label: 'USB' }
    const deps = { ...t.deps, listDrives: () => Promise.resolve([usb]) }
    expect(await removableDriveStatus(deps, null, 7)).toEqual([
      { path: usb.path, label: 'USB', lastBackupAt: null, backupDir: null }
    ])
  })
})
