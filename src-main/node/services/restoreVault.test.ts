import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_PASSPHRASE, createTestVault, steppingClock, tempDir } from '../testing/testVault'
import type { Vault } from '../vault/Vault'
import { addNote } from './addNote'
import { recordBackup } from './recordBackup'
import { recordRestore } from './recordRestore'
import { restoreVault } from './restoreVault'

describe('restoreVault and recordRestore', () => {
  let original: Vault
  let recoveryCode = ''
  let backedUp = { seq: 0, chain: '' }
  let dir = ''
  let remove: () => Promise<void> = () => Promise.resolve()
  const deps = { clock: steppingClock() }
  const opened: Vault[] = []

  beforeAll(async () => {
    ;({ path: dir, remove } = await tempDir('dalel-restore-'))
    ;({ vault: original, recoveryCode } = await createTestVault(join(dir, 'vault'), deps))
    await addNote(original, { title: 'Перед резервной копией' })
    const { result } = await recordBackup({ vault: () => original, deps }, join(dir, 'usb'))
    backedUp = result.manifest.head
  })
  afterAll(async () => {
    for (const vault of [original, ...opened]) await vault.close()
    await remove()
  })

  it('restores with the recovery code typed at the either-secret prompt, and says so', async () => {
    const { vault, unlockedBy } = await restoreVault(deps, join(dir, 'usb'), join(dir, 'r1'), {
      secret: recoveryCode
    })
    opened.push(vault)
    expect(unlockedBy).toBe('recovery')
    expect(vault.vaultId).toBe(original.vaultId)
    expect(vault.head()).toEqual(backedUp)
    expect(vault.get(1).entry?.title).toBe('Перед резервной копией')
  })

  it('records the restore as a custody entry after the restored entries', async () => {
    const { vault, unlockedBy } = await restoreVault(deps, join(dir, 'usb'), join(dir, 'r2'), {
      passphrase: TEST_PASSPHRASE
    })
    opened.push(vault)
    expect(unlockedBy).toBe('passphrase')
    const headBefore = vault.head().seq
    const custody = await recordRestore(vault, join(dir, 'usb'))
    expect(custody.seq).toBe(headBefore + 1)
    // the folder alone as title: every face says "Restore ← …" in its reader's language
    expect(custody.entry?.title).toBe(join(dir, 'usb'))
    expect(custody.entry?.payload).toEqual({
      action: 'restore',
      folder: join(dir, 'usb'),
      // the backup's own custody entry, its last: the restore names the backup it came from
      about: [{ seq: headBefore, id: vault.get(headBefore).id }]
    })
    expect(vault.get(headBefore).entry?.payload).toMatchObject({ action: 'backup' })
    expect((await vault.verify()).ok).toBe(true)
  })

  it('refuses a wrong secret and leaves no vault open', async () => {
    await expect(
      restoreVault(deps, join(dir, 'usb'), join(dir, 'r3'), { secret: 'не тот пароль' })
    ).rejects.toMatchObject({ code: 'wrong-passphrase' })
  })
})
