// `npm start`: runs the desktop app. The Electron binary is downloaded by electron's install
// script, which CI and offline machines skip (ELECTRON_SKIP_BINARY_DOWNLOAD); fetch it on
// first start, and if that is impossible, say so plainly and point to the CLI, which needs
// only Node.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findElectronBinary } from './electronBinary.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const electronDir = join(root, 'node_modules', 'electron')

function downloadElectron() {
  console.log('The Electron binary is missing; downloading it (node_modules/electron/install.js)…')
  const env = { ...process.env }
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    cwd: electronDir,
    env,
    // The installer's own stack trace helps no one who just wants to start the app: keep its
    // output, and show only its last line if it fails.
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8'
  })
  if (result.status !== 0) {
    const lines = `${result.stderr ?? ''}`.trim().split('\n')
    console.error(`  ${lines.find((line) => /Error/.test(line)) ?? lines[0] ?? 'failed'}`)
  }
  return result.status === 0 ? findElectronBinary(root) : null
}

const electron = findElectronBinary(root) ?? downloadElectron()
if (electron === null) {
  console.error(
    [
      '',
      'Dalel could not start: the Electron binary could not be downloaded.',
      'The desktop app needs it; it is fetched from GitHub (or $ELECTRON_MIRROR) the first time.',
      'Check the network connection or proxy, then run `npm start` again.',
      '',
      'The command-line vault works without Electron:',
      '  npm run build',
      '  npm run dalel -- --help',
      ''
    ].join('\n')
  )
  process.exit(1)
}

if (!existsSync(join(root, 'out', 'main'))) {
  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    { cwd: root, stdio: 'inherit' }
  )
  if (build.status !== 0) process.exit(build.status ?? 1)
}

const child = spawn(electron, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
child.on('exit', (code, signal) => {
  process.exit(signal === null ? (code ?? 0) : 1)
})
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    child.kill(signal)
  })
}
