import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'

/** What the move needs; index.ts passes the process's own. */
export interface MoveTempDirDeps {
  /** a RAM-backed directory to make the private one in (findRamTempParentSync), or null */
  ramParent: string | null
  /** process.env: TMPDIR is set in it, which sets it in the process's real environment */
  env: NodeJS.ProcessEnv
  /** app.setPath('temp', dir) */
  setTempPath(dir: string): void
  /** making the directory failed: the app starts with the OS temp dir, as without RAM */
  onError?: (error: unknown) => void
}

/** The private RAM temp dir the app's browser process now uses. */
export interface RamTempDir {
  dir: string
  /** removes it and whatever Chromium left in it; safe to call more than once */
  remove(): void
}

/**
 * Moves the desktop app's temp dir into RAM, before Electron's ready event. The app's captures
 * and its report.pdf run in Electron's own browser process, which writes a page's whole MHTML
 * (Page.captureSnapshot) and the printToPDF stream (ReturnAsStream) to temporary files for a
 * moment — the vault's plaintext, on a disk when the temp dir is one. Chromium makes those
 * files with base::CreateTemporaryFile, whose directory on Linux is getenv("TMPDIR") at each
 * call, not the PathService entry that app.setPath('temp') overrides: so TMPDIR is set in the
 * process's environment (Node's process.env writes through with setenv), and the 'temp' path
 * as well, for everything that asks PathService. Child processes started from now on inherit
 * it. Returns null, changing nothing, when there is no RAM directory (see the capture
 * README, "What touches the disk").
 */
export function moveTempDirToRam(deps: MoveTempDirDeps): RamTempDir | null {
  if (deps.ramParent === null) return null
  let dir: string
  try {
    // mkdtemp makes it 0700: no other user lists or opens what passes through it.
    dir = mkdtempSync(join(deps.ramParent, 'dalel-app-'))
  } catch (error) {
    deps.onError?.(error)
    return null
  }
  deps.env.TMPDIR = dir
  deps.setTempPath(dir)
  let removed = false
  return {
    dir,
    remove: () => {
      if (removed) return
      removed = true
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
