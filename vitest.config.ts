import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'src-main/**/*.test.ts',
      'src-renderer/**/*.test.ts',
      'src-verify-page/**/*.test.ts',
      'e2e/node/**/*.test.ts',
      'e2e/web/**/*.test.ts',
      'e2e/electron/**/*.test.ts'
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Argon2id MODERATE takes 256 MiB and most of a second; two workers fit the 2-core machines.
    maxWorkers: 2,
    pool: 'forks'
  }
})
