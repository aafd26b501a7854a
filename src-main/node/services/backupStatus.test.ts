import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DalelError } from '../../common/errors/DalelError'
import type { BackupIo } from '../backup/backupIo'
import { nodeBackupIo } from '../backup/backupIo'
import { TEST_PASSPHRASE, steppingClock } from '../testing/testVault'
import { useTestService } from '../testing/useTestService'
import { VaultService } from './VaultService'
import { backupStatus } from './backupStatus'

const DAY = 86_400_000

describe('backupStatus', () => {
  const t = useTestService('dalel-backup-status-')

  const custody = () => t.service.list({ kinds: ['custody'] })

  it('is not due for a vault younger than the reminder days, and due once it is older', () => {
    const { createdAt } = t.service.summary()
    const created = Date.parse(createdAt)
    expect(backupStatus(custody(), createdAt, new Date(created + 6 * DAY), 7)).toEqual({
      last: null,
      warningDays: 7,
      due: false
    })
    expect(backupStatus(custody(), createdAt, new Date(created + 8 * DAY), 7).due).toBe(true)
  })

  it('names the newest backup, and is due only when it is older than the reminder days', async () => {
    const target = join(t.dir, 'usb')
    const { custody: entry } = await t.service.backup(target)
    const { createdAt } = t.service.summary()
    const at = Date.parse(entry.recordedAt)
    const status = backupStatus(custody(), createdAt, new Date(at + DAY), 7)
    expect(status).toEqual({
      last: { target, at: entry.recordedAt, seq: entry.seq },
      warningDays: 7,
      due: false
    })
    expect(backupStatus(custody(), createdAt, new Date(at + 8 * DAY), 7).due).toBe(true)
  })

  it('does not count a backup whose copy failed', async () => {
    const before = backupStatus(custody(), t.service.summary().createdAt, new Date(), 7).last
    await t.service.lock()
    // The drive fills up at the first byte: the backup entry is written, then the failure.
    const full: BackupIo = {
      ...nodeBackupIo,
      createExclusive: (path) => Promise.reject(new DalelError('disk-full', { path }))
    }
    const service = new VaultService({
      clock: steppingClock('2026-06-01T00:00:00.000Z'),
      backupIo: full
    })
    await service.unlock(t.vaultPath, { passphrase: TEST_PASSPHRASE })
    try {
      await expect(service.backup(join(t.dir, 'full'))).rejects.toThrow('disk-full')
      const entries = service.list({ kinds: ['custody'] })
      expect(
        entries.map((view) => view.entry?.kind === 'custody' && view.entry.payload.action)
      ).toEqual(['backup-failed', 'backup', 'backup'])
      const status = backupStatus(entries, service.summary().createdAt, new Date(), 7)
      expect(status.last).toEqual(before)
    } finally {
      await service.lock()
    }
  })
})
