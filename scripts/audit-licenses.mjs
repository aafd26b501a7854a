// `npm run audit:licenses`: every production dependency, transitive ones included, with its
// version and license, read from package-lock.json (what `npm ci` installs and what
// electron-builder puts into app.asar). Exits 1 when a license is missing or not on the list
// below: a copyleft or unknown license in a shipped dependency needs a person's decision.
// `npm audit` (known vulnerabilities) needs the registry's audit endpoint, which these machines
// cannot reach; run it where it works (see the README).
//   node scripts/audit-licenses.mjs [--lock path/to/package-lock.json] [--json]
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

/** Licenses compatible with shipping inside Dalel (AGPL-3.0-or-later). */
export const ALLOWED_LICENSES = new Set([
  'MIT',
  'ISC',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'Apache-2.0',
  '0BSD',
  'BlueOak-1.0.0',
  'CC0-1.0',
  'Unlicense',
  'Python-2.0'
])

/** Whether an SPDX expression is acceptable: `A OR B` needs one, `A AND B` needs both. */
export function licenseAllowed(expression) {
  if (typeof expression !== 'string' || expression.trim() === '') return false
  const text = expression.trim().replace(/^\((.*)\)$/, '$1')
  if (/\sOR\s/.test(text)) return text.split(/\s+OR\s+/).some((part) => licenseAllowed(part))
  if (/\sAND\s/.test(text)) return text.split(/\s+AND\s+/).every((part) => licenseAllowed(part))
  return ALLOWED_LICENSES.has(text)
}

/** The production packages of a lockfile (v2/v3): not dev, not dev-only optional. */
export function productionPackages(lock) {
  return Object.entries(lock.packages ?? {})
    .filter(([path, entry]) => path !== '' && entry.dev !== true && entry.devOptional !== true)
    .map(([path, entry]) => ({
      name: entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length),
      version: entry.version ?? '?',
      license: typeof entry.license === 'string' ? entry.license : null
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en'))
}

function main() {
  const args = process.argv.slice(2)
  const lockAt = args.indexOf('--lock')
  const lockPath = lockAt >= 0 ? args[lockAt + 1] : 'package-lock.json'
  const lock = JSON.parse(readFileSync(lockPath, 'utf8'))
  const packages = productionPackages(lock).map((p) => ({ ...p, ok: licenseAllowed(p.license) }))
  const failed = packages.filter((p) => !p.ok)
  if (args.includes('--json')) {
    console.log(JSON.stringify({ ok: failed.length === 0, packages }, null, 2))
  } else {
    const width = Math.max(...packages.map((p) => p.name.length), 7)
    console.log(`${'package'.padEnd(width)}  ${'version'.padEnd(10)}  license`)
    for (const p of packages)
      console.log(
        `${p.name.padEnd(width)}  ${p.version.padEnd(10)}  ${p.license ?? '(none)'}${p.ok ? '' : '  <- not allowed'}`
      )
    console.log(
      failed.length === 0
        ? `${packages.length} production packages, every license allowed`
        : `${failed.length} of ${packages.length} production packages have a missing or unlisted license`
    )
  }
  process.exitCode = failed.length === 0 ? 0 : 1
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main()
