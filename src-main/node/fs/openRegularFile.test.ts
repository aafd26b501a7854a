import { execFileSync } from 'node:child_process'
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../testing/testVault'
import { openRegularFile } from './openRegularFile'

const linux = process.platform === 'linux'
let root: { path: string; remove: () => Promise<void> }

beforeAll(async () => {
  root = await tempDir('dalel-regular-file-')
})
afterAll(async () => {
  await root.remove()
})

describe.runIf(linux)('openRegularFile', () => {
  it('opens an ordinary file and tells its size', async () => {
    const path = join(root.path, 'протокол.txt')
    await writeFile(path, 'Изъято: ноутбук')
    const { handle, size } = await openRegularFile(path)
    await handle.close()
    expect(size).toBe(Buffer.byteLength('Изъято: ноутбук'))
  })

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = join(root.path, 'pipe')
    execFileSync('mkfifo', [fifo])
    await expect(openRegularFile(fifo)).rejects.toMatchObject({ code: 'not-a-regular-file' })
  })

  it('refuses a folder', async () => {
    const folder = join(root.path, 'folder')
    await mkdir(folder)
    await expect(openRegularFile(folder)).rejects.toMatchObject({ code: 'not-a-regular-file' })
  })

  it('refuses /dev/zero, /proc/self/environ and /sys files, also through a link', async () => {
    const link = join(root.path, 'environ.txt')
    await symlink('/proc/self/environ', link)
    for (const path of ['/dev/zero', '/proc/self/environ', '/sys/kernel', link])
      await expect(openRegularFile(path)).rejects.toMatchObject({
        code: 'system-file-refused',
        params: { path }
      })
  })
})
