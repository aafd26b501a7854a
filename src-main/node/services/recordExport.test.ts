import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { steppingClock } from '../testing/testVault'
import { readZip, sha256 } from '../testing/zipTestTools'
import { useTestVault } from '../testing/useTestVault'
import { addNote } from './addNote'
import { recordExport } from './recordExport'

describe('recordExport', () => {
  const deps = { clock: steppingClock() }
  const t = useTestVault('dalel-record-export-', deps)

  it('writes the bundle with verify.html and report.html, and records it by its SHA-256', async () => {
    const note = await addNote(t.vault, { title: 'Для адвоката' })
    const progress: number[] = []
    const { custody, bundle } = await recordExport(
      t.vault,
      { out: join(t.dir, 'bundle.zip'), entries: [note.seq], recipient: 'адвокат Н.' },
      deps,
      (p) => progress.push(p.bytesDone)
    )
    const zip = await readFile(join(t.dir, 'bundle.zip'))
    expect(bundle.sha256).toBe(sha256(zip))
    expect(bundle.disclosed).toEqual([note.seq])
    expect(custody.entry?.kind).toBe('custody')
    expect(custody.entry?.payload).toMatchObject({
      action: 'export',
      recipient: 'адвокат Н.',
      sha256: bundle.sha256
    })
    expect(progress.length).toBeGreaterThan(0)
    const names = (await readZip(join(t.dir, 'bundle.zip'))).map((item) => item.name)
    expect(names).toContain('verify.html')
    expect(names).toContain('report.html')
    // No browser was given, so there is nothing to print report.pdf with.
    expect(names).not.toContain('report.pdf')
  })
})
