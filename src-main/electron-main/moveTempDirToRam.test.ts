import { execFileSync } from 'node:child_process'
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { moveTempDirToRam } from './moveTempDirToRam'

describe("the desktop app's temp dir in RAM", () => {
  // A directory of the test's stands in for /dev/shm: the move is the same wherever it points.
  let ram = ''
  beforeEach(async () => {
    ram = await mkdtemp(join(tmpdir(), 'dalel-ram-test-'))
  })
  afterEach(async () => {
    await rm(ram, { recursive: true, force: true })
  })

  it('makes a private directory in the RAM directory and points TMPDIR and the temp path at it', async () => {
    const env: NodeJS.ProcessEnv = { TMPDIR: '/tmp', HOME: '/home/aigerim' }
    const tempPaths: string[] = []
    const moved = moveTempDirToRam({
      ramParent: ram,
      env,
      setTempPath: (dir) => tempPaths.push(dir)
    })
    expect(moved).not.toBeNull()
    const dir = moved?.dir ?? ''
    expect(dirname(dir)).toBe(ram)
    expect((await stat(dir)).mode & 0o777).toBe(0o700)
    expect(env).toEqual({ TMPDIR: dir, HOME: '/home/aigerim' })
    expect(tempPaths).toEqual([dir])
  })

  it("sets TMPDIR in the process's real environment: what it starts and asks later sees the RAM dir", () => {
    // In the app, Chromium's CreateTemporaryFile calls getenv("TMPDIR") in this very process;
    // a child started afterwards (a shell here, Chromium's utility processes there) and
    // os.tmpdir() read the same environment, so they show that process.env wrote through.
    const before = process.env.TMPDIR
    const moved = moveTempDirToRam({ ramParent: ram, env: process.env, setTempPath: () => {} })
    try {
      const dir = moved?.dir ?? ''
      expect(dir).not.toBe('')
      expect(tmpdir()).toBe(dir)
      expect(execFileSync('sh', ['-c', 'printf %s "$TMPDIR"'], { encoding: 'utf8' })).toBe(dir)
    } finally {
      if (before === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = before
      moved?.remove()
    }
  })

  it('removes the directory with what Chromium left in it, once', async () => {
    const moved = moveTempDirToRam({ ramParent: ram, env: {}, setTempPath: () => undefined })
    const dir = moved?.dir ?? ''
    await writeFile(join(dir, '.org.chromium.Chromium.Ab12Cd'), 'MIME-Version: 1.0')
    moved?.remove()
    expect(await readdir(ram)).toEqual([])
    expect(() => moved?.remove()).not.toThrow()
  })

  it('changes nothing without a RAM directory', () => {
    const env: NodeJS.ProcessEnv = { TMPDIR: '/var/tmp' }
    const tempPaths: string[] = []
    const moved = moveTempDirToRam({
      ramParent: null,
      env,
      setTempPath: (dir) => tempPaths.push(dir)
    })
    expect(moved).toBeNull()
    expect(env).toEqual({ TMPDIR: '/var/tmp' })
    expect(tempPaths).toEqual([])
  })

  it('starts with the OS temp dir, and says why, when the directory cannot be made', () => {
    const env: NodeJS.ProcessEnv = {}
    const errors: unknown[] = []
    const moved = moveTempDirToRam({
      ramParent: join(ram, 'gone'),
      env,
      setTempPath: () => undefined,
      onError: (error) => errors.push(error)
    })
    expect(moved).toBeNull()
    expect(env).toEqual({})
    expect(errors).toHaveLength(1)
  })
})
