import { ESLint } from 'eslint'
import { join } from 'node:path'
import tseslint from 'typescript-eslint'
import { describe, expect, it } from 'vitest'

// The boundaries of DESIGN "Layout" are lint rules; these cases prove that each rule can fail.
// Type-aware rules are switched off so that a snippet needs no file on disk: only the import
// rules are under test.
const eslint = new ESLint({
  cwd: join(import.meta.dirname, '..', '..'),
  overrideConfig: tseslint.configs.disableTypeChecked
})

async function importProblems(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath })
  return (result?.messages ?? [])
    .filter((m) => m.ruleId?.endsWith('no-restricted-imports') === true)
    .map((m) => m.message)
}

const use = (specifier: string): string =>
  `import { thing } from '${specifier}'\nexport const used = thing\n`

describe('the layer rules of eslint.config.js', () => {
  it.each([
    ['src-main/node/db/scratch.ts', '../vault/Vault', 'node/db may use none of its siblings'],
    ['src-main/node/crypto/scratch.ts', '../fs/durable', 'node/crypto may use none'],
    ['src-main/node/vault/scratch.ts', '../bundle/exportBundle', 'node/vault may use db'],
    ['src-main/node/capture/scratch.ts', '../bundle/exportBundle', 'node/capture may use vault'],
    ['src-main/node/bundle/report/scratch.ts', '../../capture/capturePage', 'node/bundle'],
    ['src-main/node/bundle/scratch.ts', '../../node/backup/backupVault', 'node/bundle'],
    ['src-main/node/backup/scratch.ts', '../services/VaultService', 'node/backup'],
    ['src-main/node/probe/scratch.ts', '../timestamp/anything', 'node/probe'],
    ['src-main/node/api/scratch.ts', '../backup/removableDrives', 'node/api may use services'],
    ['src-main/node/vault/scratch.ts', '../../cli/runCli', 'faces'],
    ['src-main/common/scratch.ts', 'node:fs', 'common/ is pure'],
    ['src-verify-page/scratch.ts', '../src-main/node/vault/Vault', 'verify.html imports only'],
    ['src-verify-page/view/scratch.ts', '../../src-main/node/vault/Vault', 'verify.html imports'],
    ['src-verify-page/view/scratch.ts', '../../node_modules/yauzl', 'verify.html imports only'],
    ['src-renderer/scratch.ts', '../src-main/node/vault/Vault', 'only to window.dalel']
  ])('refuses %s importing %s', async (file, specifier, message) => {
    const problems = await importProblems(file, use(specifier))
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain(message)
  })

  it.each([
    ['src-main/node/vault/scratch.ts', '../db/VaultDatabase'],
    ['src-main/node/bundle/scratch.ts', '../vault/Vault'],
    ['src-main/node/capture/scratch.ts', '../ports/CdpTransport'],
    ['src-main/node/services/scratch.ts', '../capture/capturePage'],
    ['src-main/node/bundle/scratch.ts', '../../common/bundle/checkBundle'],
    ['src-verify-page/scratch.ts', '../src-main/common/bundle/checkBundle'],
    ['src-verify-page/view/scratch.ts', '../../src-main/common/bundle/checkBundle'],
    ['src-verify-page/view/scratch.ts', '../pageReport'],
    ['src-renderer/scratch.ts', '../src-main/common/entry/Entry'],
    ['src-main/node/db/scratch.test.ts', '../vault/Vault']
  ])('lets %s import %s', async (file, specifier) => {
    expect(await importProblems(file, use(specifier))).toEqual([])
  })
})
