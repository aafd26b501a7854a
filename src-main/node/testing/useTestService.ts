import { afterAll, beforeAll } from 'vitest'
import type { TestService, TestServiceOptions } from './testService'
import { openTestService } from './testService'

/** The service of one describe block; read it inside tests and hooks, not at collection time. */
export type TestServiceScope = Readonly<Omit<TestService, 'close'>>

/**
 * A VaultService with a new test vault, unlocked (openTestService), for the describe block
 * this is called in: opened before its first test, locked and its temp dir removed after its
 * last. Hooks the block registers afterwards see it open.
 */
export function useTestService(prefix: string, options: TestServiceOptions = {}): TestServiceScope {
  let opened: TestService | null = null
  beforeAll(async () => {
    opened = await openTestService(prefix, options)
  })
  afterAll(async () => {
    await opened?.close()
  })
  const current = (): TestService => {
    if (opened === null) {
      throw new Error('useTestService: the service exists only inside tests and hooks')
    }
    return opened
  }
  return {
    get service() {
      return current().service
    },
    get dir() {
      return current().dir
    },
    get vaultPath() {
      return current().vaultPath
    },
    get recoveryCode() {
      return current().recoveryCode
    },
    get deps() {
      return current().deps
    }
  }
}
