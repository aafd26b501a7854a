import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Clock } from '../../common/crypto/EvidenceCrypto'
import { Vault } from '../vault/Vault'
import type { VaultDeps } from '../vault/Vault'

/**
 * Argon2id INTERACTIVE (2 passes, 64 MiB): the lowest limits a vault header may carry. Test
 * suites that unlock hundreds of times use it; every user-facing path uses MODERATE.
 */
export const TEST_KDF = { opslimit: 2, memlimit: 64 * 1024 * 1024 }
export const TEST_PASSPHRASE = 'кілт сөз — пароль 2026'

/** A clock that starts at a fixed instant and moves one second per reading. */
export function steppingClock(startIso = '2026-03-01T09:00:00.000Z'): Clock {
  let t = Date.parse(startIso)
  return {
    now: () => {
      const d = new Date(t)
      t += 1000
      return d
    }
  }
}

export async function tempDir(
  prefix = 'dalel-test-'
): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix))
  return { path, remove: () => rm(path, { recursive: true, force: true }) }
}

export async function createTestVault(
  dir: string,
  deps: VaultDeps = { clock: steppingClock() }
): Promise<{ vault: Vault; recoveryCode: string }> {
  return Vault.create(
    dir,
    { passphrase: TEST_PASSPHRASE, author: 'Test Journalist', kdfLimits: TEST_KDF },
    deps
  )
}
