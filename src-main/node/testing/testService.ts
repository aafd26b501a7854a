import { join } from 'node:path'
import type { Clock } from '../../common/crypto/EvidenceCrypto'
import { VaultService } from '../services/VaultService'
import { TEST_KDF, TEST_PASSPHRASE, steppingClock, tempDir } from './testVault'

export interface TestService {
  service: VaultService
  /** the temp dir; the vault is `vault` inside it */
  dir: string
  vaultPath: string
  recoveryCode: string
  deps: { clock: Clock }
  /** locks the vault and removes the temp dir */
  close: () => Promise<void>
}

export interface TestServiceOptions {
  /** a stepping clock from 2026-03-01T09:00Z unless given */
  clock?: Clock
  /** the vault's author; none unless given */
  author?: string
}

/** A VaultService with a new test vault (low Argon2id limits, stepping clock), unlocked. */
export async function openTestService(
  prefix: string,
  options: TestServiceOptions = {}
): Promise<TestService> {
  const { path: dir, remove } = await tempDir(prefix)
  const deps = { clock: options.clock ?? steppingClock() }
  const service = new VaultService(deps)
  const vaultPath = join(dir, 'vault')
  const { recoveryCode } = await service.createVault(vaultPath, {
    passphrase: TEST_PASSPHRASE,
    ...(options.author === undefined ? {} : { author: options.author }),
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
