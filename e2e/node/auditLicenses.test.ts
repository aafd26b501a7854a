import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/** `npm run audit:licenses`, run as a person runs it, over the real lockfile and a bad one. */
const SCRIPT = join(process.cwd(), 'scripts/audit-licenses.mjs')
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dalel-licenses-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function audit(args: string[]) {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('audit:licenses', () => {
  it('lists every production dependency of the real lockfile, transitive ones too, and passes', () => {
    const r = audit(['--json'])
    expect(r.code, r.stdout).toBe(0)
    const report = JSON.parse(r.stdout) as {
      ok: boolean
      packages: { name: string; version: string; license: string }[]
    }
    expect(report.ok).toBe(true)
    const names = report.packages.map((p) => p.name)
    expect(names).toEqual(expect.arrayContaining(['sql.js', 'zod', 'libsodium-sumo', 'pend']))
    expect(report.packages.find((p) => p.name === 'sql.js')).toMatchObject({
      version: '1.16.0',
      license: 'MIT'
    })
    // Dev tools are not shipped, and not listed.
    expect(names).not.toContain('vitest')
    expect(names).not.toContain('electron')
  })

  it('fails on a missing or a copyleft license in production, and ignores dev dependencies', async () => {
    const lock = join(dir, 'package-lock.json')
    await writeFile(
      lock,
      JSON.stringify({
        lockfileVersion: 3,
        packages: {
          '': { name: 'x' },
          'node_modules/fine': { version: '1.0.0', license: '(MIT OR GPL-3.0-only)' },
          'node_modules/gpl': { version: '2.0.0', license: 'GPL-3.0-only' },
          'node_modules/nolicense': { version: '0.1.0' },
          'node_modules/both': { version: '1.0.0', license: 'MIT AND GPL-2.0-only' },
          'node_modules/devtool': { version: '9.9.9', license: 'GPL-3.0-only', dev: true }
        }
      })
    )
    const r = audit(['--lock', lock])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/gpl\s+2\.0\.0\s+GPL-3\.0-only {2}<- not allowed/)
    expect(r.stdout).toMatch(/nolicense\s+0\.1\.0\s+\(none\) {2}<- not allowed/)
    expect(r.stdout).toMatch(/both\s+1\.0\.0\s+MIT AND GPL-2\.0-only {2}<- not allowed/)
    expect(r.stdout).toMatch(/fine\s+1\.0\.0\s+\(MIT OR GPL-3\.0-only\)\n/)
    expect(r.stdout).not.toContain('devtool')
    expect(r.stdout).toContain('3 of 4 production packages have a missing or unlisted license')
  })
})
