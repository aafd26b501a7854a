import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKUP_FOLDER } from '../backup/removableDrives'
import { TEST_KDF, TEST_PASSPHRASE, steppingClock, tempDir } from '../testing/testVault'
import { removableDriveStatus } from './removableDriveStatus'
import { VaultService } from './VaultService'

describe('removableDriveStatus', () => {
  let dir = ''
  let remove: () => Promise<void> = () => Promise.resolve()
  const deps = { clock: steppingClock() }
  const service = new VaultService(deps)

  beforeAll(async () => {
    ;({ path: dir, remove } = await tempDir('dalel-drives-'))
    await service.createVault(join(dir, 'vault'), {
      passphrase: TEST_PASSPHRASE,
      kdfLimits: TEST_KDF
    })
  })
  afterAll(async () => {
    await service.lock()
    await remove()
  })

  it("names this vault's last backup on each drive, and none on a drive without one", async () => {
    const kingston = { path: join(dir, 'KINGSTON'), label: 'KINGSTON' }
    const empty = { path: join(dir, 'EMPTY'), label: 'EMPTY' }
    await mkdir(empty.path)
    const { vaultId } = service.summary()
    const { result } = await service.backup(join(kingston.path, BACKUP_FOLDER, vaultId))
    const drives = await removableDriveStatus(deps, vaultId, 7, [kingston, empty])
    expect(drives).toEqual([
      { path: kingston.path, label: 'KINGSTON', lastBackupAt: result.manifest.createdAt },
      { path: empty.path, label: 'EMPTY', lastBackupAt: null }
    ])
  })

  it('lists the drives without backup dates while no vault is open', async () => {
    const kingston = { path: join(dir, 'KINGSTON'), label: 'KINGSTON' }
    expect(await removableDriveStatus(deps, null, 7, [kingston])).toEqual([
      { path: kingston.path, label: 'KINGSTON', lastBackupAt: null }
    ])
  })
})
