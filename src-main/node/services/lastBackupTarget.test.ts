import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestVault, steppingClock, tempDir } from '../testing/testVault'
import type { Vault } from '../vault/Vault'
import { lastBackupTarget } from './lastBackupTarget'
import { recordBackup } from './recordBackup'
import { recordExport } from './recordExport'

describe('lastBackupTarget', () => {
  let vault: Vault
  let dir = ''
  let remove: () => Promise<void> = () => Promise.resolve()
  const deps = { clock: steppingClock() }

  beforeAll(async () => {
    ;({ path: dir, remove } = await tempDir('dalel-last-backup-'))
    ;({ vault } = await createTestVault(join(dir, 'vault'), deps))
  })
  afterAll(async () => {
    await vault.close()
    await remove()
  })

  it('is null before the first backup', () => {
    expect(lastBackupTarget(vault)).toBeNull()
  })

  it('names the newest backup target, whatever other custody entries came after it', async () => {
    const scope = { vault: () => vault, deps }
    await recordBackup(scope, join(dir, 'KINGSTON'))
    await recordBackup(scope, join(dir, 'SANDISK'))
    await recordExport(vault, { out: join(dir, 'bundle.zip'), entries: 'all' }, deps)
    expect(lastBackupTarget(vault)).toBe(join(dir, 'SANDISK'))
  })
})
