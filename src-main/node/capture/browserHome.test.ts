import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { browserEnvironment, makeBrowserHome, removeBrowserHome } from './browserHome'
import { sandboxArgs } from './launchChromium'

describe('the capture browser home and environment', () => {
  let root = ''
  afterEach(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('passes PATH, LANG, the private dirs and a display, and nothing else — no DALEL_ secret', async () => {
    root = await mkdtemp(join(tmpdir(), 'dalel-home-test-'))
    const home = await makeBrowserHome(root)
    const env = browserEnvironment(
      {
        PATH: '/usr/bin',
        LANG: 'kk_KZ.UTF-8',
        HOME: '/home/aigerim',
        DISPLAY: ':0',
        DALEL_PASSPHRASE: 'құпия',
        DALEL_NEW_PASSPHRASE: 'жаңа',
        SSH_AUTH_SOCK: '/run/agent',
        GOOGLE_API_KEY: 'x'
      },
      home
    )
    expect(env).toEqual({
      PATH: '/usr/bin',
      LANG: 'kk_KZ.UTF-8',
      HOME: home.home,
      XDG_CONFIG_HOME: home.config,
      XDG_CACHE_HOME: home.cache,
      XDG_DATA_HOME: home.data,
      TMPDIR: home.tmp,
      DISPLAY: ':0'
    })
  })

  it('blocks the crash database with a file where Chromium wants a directory, and removes everything', async () => {
    root = await mkdtemp(join(tmpdir(), 'dalel-home-test-'))
    const home = await makeBrowserHome(root)
    const blocker = await stat(join(home.config, 'chromium', 'Crash Reports'))
    expect(blocker.isFile()).toBe(true)
    expect((await stat(home.home)).mode & 0o777).toBe(0o700)
    await removeBrowserHome(home)
    await expect(readdir(root)).rejects.toThrow()
  })

  it('puts the temp dir in the RAM-backed directory given, private and removed with the rest', async () => {
    root = await mkdtemp(join(tmpdir(), 'dalel-home-test-'))
    const ram = await mkdtemp(join(tmpdir(), 'dalel-ram-test-'))
    try {
      const home = await makeBrowserHome(root, ram)
      expect(dirname(home.tmp)).toBe(ram)
      expect((await stat(home.tmp)).mode & 0o777).toBe(0o700)
      expect(browserEnvironment({}, home).TMPDIR).toBe(home.tmp)
      await removeBrowserHome(home)
      expect(await readdir(ram)).toEqual([])
    } finally {
      await rm(ram, { recursive: true, force: true })
    }
  })

  it('keeps the sandbox unless running as root', () => {
    expect(sandboxArgs(0)).toEqual({ sandbox: false, args: ['--no-sandbox'] })
    expect(sandboxArgs(1000)).toEqual({ sandbox: true, args: [] })
    expect(sandboxArgs(undefined)).toEqual({ sandbox: true, args: [] })
  })
})
