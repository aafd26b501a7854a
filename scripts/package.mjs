// `npm run package`: builds the app and packs it with electron-builder (electron-builder.yml)
// for the platform this runs on: Linux AppImage and deb, Windows NSIS, macOS dmg. Extra
// arguments go to electron-builder (e.g. `npm run package -- --linux deb`).
// electron-builder packs the Electron binary that `npm install` downloaded
// (node_modules/electron/dist) instead of fetching its own: without it there is nothing to
// pack, and this says so in one line.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findElectronBinary } from './electronBinary.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

if (findElectronBinary(root) === null) {
  console.error(
    'npm run package needs the Electron binary (node_modules/electron/dist), which is not installed: run `npm start` once where GitHub (or $ELECTRON_MIRROR) is reachable, then try again.'
  )
  process.exit(1)
}

function run(args) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

const npmCli = process.env.npm_execpath
if (npmCli === undefined) {
  console.error('Run this as `npm run package`.')
  process.exit(2)
}
run([npmCli, 'run', 'build'])
run([
  join(root, 'node_modules', 'electron-builder', 'cli.js'),
  // electron-builder.yml is read by default; this adds one key to it.
  `-c.electronDist=${join(root, 'node_modules', 'electron', 'dist')}`,
  ...process.argv.slice(2)
])
