import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The app runs the vault in Electron, whose Node is built on BoringSSL: no
 * 'chacha20-poly1305' for createCipheriv. The Electron binary cannot be downloaded here, so the
 * command line runs with that crypto (withoutNodeChaCha.mjs) and with Node's own, on one vault:
 * what either seals — the index snapshot, a small file, a large one (≥ 32 MiB, the two-thread
 * path) — the other opens, and verify checks every file's SHA-256.
 */
const CLI = join(process.cwd(), 'out/cli/dalel.js')
const BORING = pathToFileURL(join(process.cwd(), 'e2e/node/withoutNodeChaCha.mjs')).href

let dir: string
let vault: string

function dalel(crypto: 'boringssl' | 'node', args: string[]) {
  const preload = crypto === 'boringssl' ? ['--import', BORING] : []
  const result = spawnSync(process.execPath, [...preload, CLI, ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      DALEL_PASSPHRASE: 'Тұз бен нан — 2026',
      DALEL_LANG: 'en'
    }
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

beforeAll(async () => {
  if (!existsSync(CLI)) execFileSync(process.execPath, ['scripts/build-cli.mjs'])
  dir = await mkdtemp(join(tmpdir(), 'dalel-boringssl-'))
  vault = join(dir, 'vault')
  await writeFile(join(dir, 'small.jpg'), randomBytes(200_000))
  await writeFile(join(dir, 'large.mp4'), randomBytes(40 * 1024 * 1024 + 12_345))
  await writeFile(join(dir, 'large2.mp4'), randomBytes(33 * 1024 * 1024 + 1))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe("a vault sealed with Electron's crypto and with Node's opens in both", () => {
  it('the emulation really takes the cipher away', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        BORING,
        '--input-type=module',
        '-e',
        "import { createCipheriv, getCiphers } from 'node:crypto'; console.log(getCiphers().includes('chacha20-poly1305')); try { createCipheriv('chacha20-poly1305', Buffer.alloc(32), Buffer.alloc(12), { authTagLength: 16 }); console.log('made') } catch (e) { console.log(e.message) }"
      ],
      { encoding: 'utf8' }
    )
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['false', 'Unknown cipher'])
  })

  it('init, attach small and large files and a note without the cipher; verify with it', () => {
    expect(dalel('boringssl', ['init', vault, '--author', 'Айгерим']).code).toBe(0)
    const small = dalel('boringssl', ['attach', vault, join(dir, 'small.jpg')])
    expect(small.stderr).toBe('')
    expect(small.code).toBe(0)
    expect(dalel('boringssl', ['attach', vault, join(dir, 'large.mp4')]).code).toBe(0)
    expect(dalel('boringssl', ['note', vault, '--title', 'Звонок с угрозой']).code).toBe(0)
    const verify = dalel('node', ['verify', vault])
    expect(verify.stderr + verify.stdout).not.toMatch(/fail|problem/i)
    expect(verify.code).toBe(0)
  }, 180_000)

  it("what Node's crypto adds, the other opens and verifies", () => {
    expect(dalel('node', ['attach', vault, join(dir, 'large2.mp4')]).code).toBe(0)
    const verify = dalel('boringssl', ['verify', vault])
    expect(verify.code).toBe(0)
    expect(verify.stdout).toMatch(/\b4\b/)
  }, 180_000)
})
