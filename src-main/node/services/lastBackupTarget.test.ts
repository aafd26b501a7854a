import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { steppingClock } from '../testing/testVault'
import { useTestVault } from '../testing/useTestVault'
import { lastBackupTarget } from './lastBackupTarget'
import { recordBackup } from './recordBackup'
import { recordExport } from './recordExport'

describe('lastBackupTarget', () => {
  const deps = { clock: steppingClock() }
  const t = useTestVault('dalel-last-backup-', deps)

  it('is null before the first backup', () => {
    expect(lastBackupTarget(t.vault)).toBeNull()
  })

  it('names the newest backup target, whatever other custody entries came after it', async () => {
    const scope = { vault: () => t.vault, deps }
    await recordBackup(scope, join(t.dir, 'KINGSTON'))
    await recordBackup(scope, join(t.dir, 'SANDISK'))
    await recordExport(t.vault, { out: join(t.dir, 'bundle.zip'), entries: 'all' }, deps)
    expect(lastBackupTarget(t.vault)).toBe(join(t.dir, 'SANDISK'))
  })
})
