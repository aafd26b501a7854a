import { join } from 'node:path'
import type { Vault, VaultDeps } from '../vault/Vault'
import { createTestVault, steppingClock, tempDir } from './testVault'
import { useDescribeScope } from './useDescribeScope'

/** The vault of one describe block; read it inside tests and hooks, not at collection time. */
export interface TestVaultScope {
  readonly vault: Vault
  /** the temp dir; the vault is `vault` inside it, and the tests may put files beside it */
  readonly dir: string
  readonly vaultPath: string
  readonly recoveryCode: string
}

/**
 * A new test vault (low Argon2id limits, a stepping clock unless `deps` says otherwise) for
 * the describe block this is called in: created before its first test, closed and its temp
 * dir removed after its last. Hooks the block registers afterwards see it open.
 */
export function useTestVault(
  prefix: string,
  deps: VaultDeps = { clock: steppingClock() }
): TestVaultScope {
  return useDescribeScope('useTestVault', async () => {
    const { path: dir, remove } = await tempDir(prefix)
    const vaultPath = join(dir, 'vault')
    const { vault, recoveryCode } = await createTestVault(vaultPath, deps)
    return {
      vault,
      dir,
      vaultPath,
      recoveryCode,
      close: async () => {
        await vault.close()
        await remove()
      }
    }
  })
}
