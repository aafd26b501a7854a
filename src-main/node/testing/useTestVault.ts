import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import type { Vault, VaultDeps } from '../vault/Vault'
import { createTestVault, steppingClock, tempDir } from './testVault'

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
  let opened: (TestVaultScope & { remove(): Promise<void> }) | null = null
  beforeAll(async () => {
    const { path: dir, remove } = await tempDir(prefix)
    const vaultPath = join(dir, 'vault')
    const { vault, recoveryCode } = await createTestVault(vaultPath, deps)
    opened = { vault, dir, vaultPath, recoveryCode, remove }
  })
  afterAll(async () => {
    await opened?.vault.close()
    await opened?.remove()
  })
  const current = (): TestVaultScope => {
    if (opened === null) {
      throw new Error('useTestVault: the vault exists only inside tests and hooks')
    }
    return opened
  }
  return {
    get vault() {
      return current().vault
    },
    get dir() {
      return current().dir
    },
    get vaultPath() {
      return current().vaultPath
    },
    get recoveryCode() {
      return current().recoveryCode
    }
  }
}
