// electron-builder's afterPack hook (electron-builder.yml): flips the Electron fuses of the
// packed app before it is signed and put in an installer. Fuses are bits in the Electron
// binary itself, so no command line, environment variable or file next to the app can turn
// these features back on. The values are data, in fuses.json beside this file, so a test
// checks each one (e2e/node/packaging.test.ts):
// - RunAsNode off: ELECTRON_RUN_AS_NODE cannot turn Dalel into a Node that runs any script;
// - NODE_OPTIONS and --inspect off: nothing can inject code or attach a debugger to the
//   process that holds the vault keys;
// - embedded ASAR integrity on, and only load the app from app.asar: a replaced or patched
//   app.asar (or an app/ folder beside it) does not start (macOS and Windows check hashes);
// - cookie encryption on: the capture window's logins are encrypted with the OS keychain;
// - no extra privileges for file://: the app is served from app://, never from file://.
import fusesModule from '@electron/fuses'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const { FuseV1Options, FuseVersion, flipFuses } = fusesModule

/** fuses.json: fuse name → on or off. */
export const DALEL_FUSES = JSON.parse(
  readFileSync(new URL('./fuses.json', import.meta.url), 'utf8')
)

/**
 * The config flipFuses takes: every fuse this @electron/fuses knows, set from fuses.json. A
 * fuse that fuses.json does not name is an error, so an upgrade that adds one is decided on.
 * Fuses newer than this @electron/fuses keep Electron's default.
 */
export function fuseConfigFor(fuses, options = {}) {
  const config = {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: false,
    resetAdHocDarwinSignature: options.resetAdHocDarwinSignature === true
  }
  const known = Object.keys(FuseV1Options).filter((key) => Number.isNaN(Number(key)))
  for (const name of known) {
    if (typeof fuses[name] !== 'boolean') throw new Error(`fuses.json does not set ${name}`)
    config[FuseV1Options[name]] = fuses[name]
  }
  for (const name of Object.keys(fuses)) {
    if (!known.includes(name)) throw new Error(`fuses.json sets an unknown fuse ${name}`)
  }
  return config
}

/** The file flipFuses patches: the executable, or the .app bundle on macOS. */
export function electronBinaryOf(context) {
  const { electronPlatformName, appOutDir, packager } = context
  const name = packager.appInfo.productFilename
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${name}.app`)
    case 'win32':
      return join(appOutDir, `${name}.exe`)
    default:
      return join(appOutDir, packager.executableName)
  }
}

export async function afterPack(context) {
  const binary = electronBinaryOf(context)
  // Arm64 macOS refuses to run a binary whose ad-hoc signature no longer matches; the real
  // signature, when there is one, is applied after this hook.
  const darwinArm = context.electronPlatformName === 'darwin' && context.arch === 3
  await flipFuses(binary, fuseConfigFor(DALEL_FUSES, { resetAdHocDarwinSignature: darwinArm }))
}
