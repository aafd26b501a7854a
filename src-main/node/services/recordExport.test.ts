import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestVault, steppingClock, tempDir } from '../testing/testVault'
import { readZip, sha256 } from '../testing/zipTestTools'
import type { Vault } from '../vault/Vault'
import { addNote } from './addNote'
import { recordExport } from './recordExport'

describe('recordExport', () => {
  let vault: Vault
  let dir = ''
  let remove: () => Promise<void> = () => Promise.resolve()
  const deps = { clock: steppingClock() }

  beforeAll(async () => {
    ;({ path: dir, remove } = await tempDir('dalel-record-export-'))
    ;({ vault } = await createTestVault(join(dir, 'vault'), deps))
  })
  afterAll(async () => {
    await vault.close()
    await remove()
  })

  it('writes the bundle with verify.html and report.html, and records it by its SHA-256', async () => {
    const note = await addNote(vault, { title: 'Для адвоката' })
    const progress: number[] = []
    const { custody, bundle } = await recordExport(
      vault,
      { out: join(dir, 'bundle.zip'), entries: [note.seq], recipient: 'адвокат Н.' },
      deps,
      (p) => progress.push(p.bytesDone)
    )
    const zip = await readFile(join(dir, 'bundle.zip'))
    expect(bundle.sha256).toBe(sha256(zip))
    expect(bundle.disclosed).toEqual([note.seq])
    expect(custody.entry?.kind).toBe('custody')
    expect(custody.entry?.payload).toMatchObject({
      action: 'export',
      recipient: 'адвокат Н.',
      sha256: bundle.sha256
    })
    expect(progress.length).toBeGreaterThan(0)
    const names = (await readZip(join(dir, 'bundle.zip'))).map((item) => item.name)
    expect(names).toContain('verify.html')
    expect(names).toContain('report.html')
    // No browser was given, so there is nothing to print report.pdf with.
    expect(names).not.toContain('report.pdf')
  })
})
