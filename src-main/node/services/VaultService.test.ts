import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DalelError } from '../../common/errors/DalelError'
import { TEST_KDF, TEST_PASSPHRASE, steppingClock, tempDir } from '../testing/testVault'
import { VaultService } from './VaultService'

describe('VaultService', () => {
  let dir = ''
  let remove: () => Promise<void> = () => Promise.resolve()
  let recoveryCode = ''
  const service = new VaultService({ clock: steppingClock() })

  beforeAll(async () => {
    ;({ path: dir, remove } = await tempDir('dalel-service-'))
    ;({ recoveryCode } = await service.createVault(join(dir, 'vault'), {
      passphrase: TEST_PASSPHRASE,
      kdfLimits: TEST_KDF
    }))
    await service.lock()
  })
  afterAll(async () => {
    await service.lock()
    await remove()
  })

  it('says whether a vault is open, and refuses work while none is', async () => {
    expect(service.isUnlocked()).toBe(false)
    expect(() => service.summary()).toThrow(DalelError)
    await service.unlock(join(dir, 'vault'), { passphrase: TEST_PASSPHRASE })
    expect(service.isUnlocked()).toBe(true)
    await service.lock()
    expect(service.isUnlocked()).toBe(false)
  })

  it('takes the recovery code or the passphrase at the same prompt', async () => {
    await service.unlock(join(dir, 'vault'), { secret: recoveryCode })
    expect(service.unlockedWith()).toBe('recovery')
    await service.unlock(join(dir, 'vault'), { secret: TEST_PASSPHRASE })
    expect(service.unlockedWith()).toBe('passphrase')
    await service.lock()
    await expect(service.unlock(join(dir, 'vault'), { secret: 'не тот пароль' })).rejects.toThrow(
      expect.objectContaining({ code: 'wrong-passphrase' }) as Error
    )
    expect(service.isUnlocked()).toBe(false)
  })
})
