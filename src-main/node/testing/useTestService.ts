import type { TestService, TestServiceOptions } from './testService'
import { openTestService } from './testService'
import { useDescribeScope } from './useDescribeScope'

/** The service of one describe block; read it inside tests and hooks, not at collection time. */
export type TestServiceScope = Readonly<Omit<TestService, 'close'>>

/**
 * A VaultService with a new test vault, unlocked (openTestService), for the describe block
 * this is called in: opened before its first test, locked and its temp dir removed after its
 * last. Hooks the block registers afterwards see it open.
 */
export function useTestService(prefix: string, options: TestServiceOptions = {}): TestServiceScope {
  return useDescribeScope('useTestService', () => openTestService(prefix, options))
}
