import { join } from 'node:path'
import { VaultService } from '../services/VaultService'
import { TEST_KDF, TEST_PASSPHRASE, steppingClock, tempDir } from './testVault'

export interface TestService {
  service: VaultService
  /** the temp dir; the vault is `vault` inside it */
  dir: string
  vaultPath: string
  recoveryCode: string
  deps: { clock: ReturnType<typeof steppingClock> }
  /** locks the vault and removes the temp dir */
  close: () => Promise<void>
}

/** A VaultService with a new test vault (low Argon2id limits, stepping clock), unlocked. */
export async function openTestService(prefix: string): Promise<TestService> {
  const { path: dir, remove } = await tempDir(prefix)
  const deps = { clock: steppingClock() }
  const service = new VaultService(deps)
  const vaultPath = join(dir, 'vault')
  const { recoveryCode } = await service.createVault(vaultPath, {
    passphrase: TEST_PASSPHRASE,
    kdfLimits: TEST_KDF
  })
  return {
    service,
    dir,
    vaultPath,
    recoveryCode,
    deps,
    close: async () => {
      await service.lock()
      await remove()
    }
  }
}
