import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { FuseV1Options } from '@electron/fuses'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../src-main/node/testing/testVault'
import pkg from '../../package.json'
import fuses from '../../scripts/packaging/fuses.json'
import { electronBinaryOf, fuseConfigFor } from '../../scripts/packaging/afterPack.mjs'

/**
 * The packaging of the desktop app, checked without the Electron binary: the fuse values,
 * the electron-builder configuration, and a real electron-builder run (Linux, unpacked
 * directory) over a stand-in Electron that carries a fuse wire, so the afterPack hook flips
 * real bytes and app.asar is really built from the project's build output.
 */

const root = join(import.meta.dirname, '..', '..')
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
const ENABLE = '1'.charCodeAt(0)
const DISABLE = '0'.charCodeAt(0)

describe('fuses.json', () => {
  it('sets each fuse as the issue asks', () => {
    expect(fuses).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false
    })
  })

  it('becomes a flipFuses config naming every fuse @electron/fuses knows', () => {
    const config = fuseConfigFor(fuses)
    expect(config[FuseV1Options.RunAsNode]).toBe(false)
    expect(config[FuseV1Options.EnableCookieEncryption]).toBe(true)
    expect(config[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false)
    expect(config[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false)
    expect(config[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true)
    expect(config[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true)
    expect(config[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false)
    const known = Object.values(FuseV1Options).filter((v) => typeof v === 'number')
    for (const index of known) expect(typeof config[index], `fuse ${index}`).toBe('boolean')
    expect(config.version).toBe('1')
  })

  it('refuses a fuses.json that leaves a fuse out or names one that does not exist', () => {
    const missing: Record<string, boolean> = { ...fuses }
    delete missing.RunAsNode
    expect(() => fuseConfigFor(missing)).toThrow(/RunAsNode/)
    expect(() => fuseConfigFor({ ...fuses, RunAsNodee: false })).toThrow(/RunAsNodee/)
  })

  it('patches the executable on Linux and Windows and the .app on macOS', () => {
    const packager = { executableName: 'dalel', appInfo: { productFilename: 'Dalel' } }
    const at = (electronPlatformName: string) =>
      electronBinaryOf({ electronPlatformName, appOutDir: '/o', arch: 1, packager })
    expect(at('linux')).toBe(join('/o', 'dalel'))
    expect(at('win32')).toBe(join('/o', 'Dalel.exe'))
    expect(at('darwin')).toBe(join('/o', 'Dalel.app'))
  })
})

describe('package.json and electron-builder.yml', () => {
  it('pins the packaging tools exactly, and `npm run package` runs the packaging script', () => {
    const dev: Record<string, string> = pkg.devDependencies
    expect(dev['electron-builder']).toMatch(/^\d+\.\d+\.\d+$/)
    expect(dev['@electron/fuses']).toMatch(/^\d+\.\d+\.\d+$/)
    expect(pkg.scripts.package).toBe('node scripts/package.mjs')
  })

  it('builds AppImage and deb, NSIS and dmg, into app.asar, with the fuse hook', async () => {
    const yml = await readFile(join(root, 'electron-builder.yml'), 'utf8')
    for (const line of [
      /^asar: true$/m,
      /^afterPack: scripts\/packaging\/afterPack\.mjs$/m,
      /^ {4}- AppImage$/m,
      /^ {4}- deb$/m,
      /^ {4}- nsis$/m,
      /^ {4}- dmg$/m,
      /^ {2}- resources\/bundle\/verify\.html$/m,
      /^ {2}- resources\/locales\/\*\.json$/m
    ])
      expect(yml).toMatch(line)
    expect(existsSync(join(root, 'scripts', 'packaging', 'afterPack.mjs'))).toBe(true)
  })

  it('says in one line that the Electron binary is missing, when it is', () => {
    const binary = join(root, 'node_modules', 'electron', 'path.txt')
    if (existsSync(binary)) return // a machine with the binary packs for real instead
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'package.mjs')], {
      cwd: root,
      encoding: 'utf8'
    })
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/Electron binary/)
  })
})

/** The file names in an asar archive, from its JSON header (the format is documented). */
function asarFiles(archive: Buffer): Map<string, { offset: number; size: number }> {
  const headerSize = archive.readUInt32LE(4)
  const jsonSize = archive.readUInt32LE(12)
  const header = JSON.parse(archive.subarray(16, 16 + jsonSize).toString('utf8')) as AsarDir
  const base = 8 + headerSize
  const files = new Map<string, { offset: number; size: number }>()
  const walk = (dir: AsarDir, prefix: string) => {
    for (const [name, node] of Object.entries(dir.files)) {
      const path = prefix === '' ? name : `${prefix}/${name}`
      if ('files' in node) walk(node, path)
      else files.set(path, { offset: base + Number(node.offset), size: node.size })
    }
  }
  walk(header, '')
  return files
}
interface AsarDir {
  files: Record<string, AsarDir | { offset: string; size: number }>
}

const built = existsSync(join(root, 'out', 'main', 'index.js'))

describe.skipIf(!built)(
  `electron-builder over a stand-in Electron${built ? '' : ' (skipped: no build output; run npm run build)'}`,
  () => {
    let dir = ''
    let remove: () => Promise<void> = () => Promise.resolve()
    let unpacked = ''
    let run: ReturnType<typeof spawnSync>

    beforeAll(async () => {
      ;({ path: dir, remove } = await tempDir('dalel-package-'))
      // An Electron distribution as electron-builder copies it: the executable (here only a
      // fuse wire, all fuses at Electron's defaults plus one newer fuse), resources, locales.
      const dist = join(dir, 'electron-dist')
      await mkdir(join(dist, 'resources'), { recursive: true })
      await mkdir(join(dist, 'locales'), { recursive: true })
      const wire = Buffer.concat([
        Buffer.from('\x7fELF stand-in\n'),
        Buffer.from(SENTINEL),
        Buffer.from([1, 9]),
        Buffer.from('101001110'),
        Buffer.alloc(64)
      ])
      await writeFile(join(dist, 'electron'), wire)
      await chmod(join(dist, 'electron'), 0o755)
      await writeFile(join(dist, 'version'), '41.7.1')
      for (const file of ['LICENSE', 'LICENSES.chromium.html', 'resources/default_app.asar'])
        await writeFile(join(dist, file), '')
      for (const locale of ['en-US', 'ru', 'kk', 'de'])
        await writeFile(join(dist, 'locales', `${locale}.pak`), '')
      const out = join(dir, 'dist')
      run = spawnSync(
        process.execPath,
        [
          join(root, 'node_modules', 'electron-builder', 'cli.js'),
          '--linux',
          'dir',
          `-c.electronDist=${dist}`,
          `-c.directories.output=${out}`
        ],
        {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
          timeout: 120_000
        }
      )
      unpacked = join(out, 'linux-unpacked')
    }, 150_000)

    afterAll(async () => {
      await remove()
    })

    it('packs without errors', () => {
      expect(run.status, `${String(run.stdout)}\n${String(run.stderr)}`).toBe(0)
    })

    it('flips the fuses in the packed executable as fuses.json says', async () => {
      const binary = await readFile(join(unpacked, 'dalel'))
      const at = binary.indexOf(SENTINEL) + SENTINEL.length
      expect(binary[at]).toBe(1)
      const wire = [...binary.subarray(at + 2, at + 2 + 9)]
      expect(wire[FuseV1Options.RunAsNode]).toBe(DISABLE)
      expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(ENABLE)
      expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(DISABLE)
      expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(DISABLE)
      expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(ENABLE)
      expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ENABLE)
      expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(DISABLE)
      expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(DISABLE)
      // A fuse newer than @electron/fuses keeps the value Electron shipped.
      expect(wire[8]).toBe(DISABLE)
    })

    it('puts the built app, verify.html and the translations in app.asar, and nothing else', async () => {
      const archive = await readFile(join(unpacked, 'resources', 'app.asar'))
      const files = asarFiles(archive)
      for (const path of [
        'package.json',
        'out/main/index.js',
        'out/preload/index.cjs',
        'out/renderer/index.html',
        'resources/bundle/verify.html',
        'resources/locales/en.json',
        'resources/locales/ru.json',
        'resources/locales/kk.json',
        'node_modules/libsodium-wrappers-sumo/package.json',
        'node_modules/sql.js/package.json',
        'node_modules/zod/package.json'
      ])
        expect(files.has(path), path).toBe(true)
      const names = [...files.keys()]
      const shipped = (prefix: string) => names.filter((name) => name.startsWith(prefix))
      expect(shipped('src-main/')).toEqual([])
      expect(shipped('e2e/')).toEqual([])
      expect(shipped('scripts/')).toEqual([])
      for (const dev of ['electron', 'playwright-core', 'vitest', 'electron-builder', 'typescript'])
        expect(shipped(`node_modules/${dev}/`), dev).toEqual([])
      expect(names.filter((name) => name.endsWith('.map'))).toEqual([])

      // The page the packaged app reads is byte for byte the one the build made.
      const page = files.get('resources/bundle/verify.html')
      const expected = await readFile(join(root, 'resources', 'bundle', 'verify.html'))
      expect(page?.size).toBe(expected.length)
      if (page !== undefined)
        expect(archive.subarray(page.offset, page.offset + page.size).equals(expected)).toBe(true)
    })

    it('keeps only the three languages of Chromium’s own strings', async () => {
      expect((await readdir(join(unpacked, 'locales'))).sort()).toEqual([
        'en-US.pak',
        'kk.pak',
        'ru.pak'
      ])
    })
  }
)
