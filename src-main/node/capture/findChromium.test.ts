import { chmod, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../testing/testVault'
import { findChromium } from './findChromium'

let dir: { path: string; remove: () => Promise<void> }
beforeEach(async () => {
  dir = await tempDir('dalel-find-chromium-')
})
afterEach(async () => {
  await dir.remove()
})

describe('findChromium', () => {
  it('takes --browser first, then DALEL_CHROMIUM, then the first executable on PATH', async () => {
    const empty = join(dir.path, 'empty')
    const bin = join(dir.path, 'bin')
    await mkdir(empty)
    await mkdir(bin)
    await writeFile(join(bin, 'google-chrome'), '#!/bin/sh\n')
    await writeFile(join(bin, 'chromium-browser'), '')
    expect(await findChromium({ PATH: `${empty}:${bin}` })).toBeNull() // neither executable
    await chmod(join(bin, 'google-chrome'), 0o755)
    expect(await findChromium({ PATH: `${empty}:${bin}` })).toBe(join(bin, 'google-chrome'))
    await chmod(join(bin, 'chromium-browser'), 0o755)
    expect(await findChromium({ PATH: `${empty}:${bin}` })).toBe(join(bin, 'chromium-browser'))
    expect(await findChromium({ PATH: bin, DALEL_CHROMIUM: '/opt/c/chrome' })).toBe('/opt/c/chrome')
    expect(await findChromium({ DALEL_CHROMIUM: '/opt/c/chrome' }, '/usr/bin/x')).toBe('/usr/bin/x')
    expect(await findChromium({})).toBeNull()
  })
})
