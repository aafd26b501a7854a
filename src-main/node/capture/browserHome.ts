import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * The capture browser's private, throwaway directories, mode 0700: all under `root`, but
 * `tmp` may be a directory of its own (see makeBrowserHome).
 */
export interface BrowserHome {
  root: string
  home: string
  config: string
  cache: string
  data: string
  tmp: string
}

/**
 * Where Chromium on Linux keeps its crash database: `$XDG_CONFIG_HOME/<name>/Crash Reports`
 * for each name Chromium and Chrome go by.
 */
const CRASH_DATABASE_OWNERS = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-beta',
  'google-chrome-unstable'
] as const

/**
 * Makes the private home under `root` (an empty directory the caller made with mkdtemp).
 *
 * Crash dumps: Debian's Chromium starts its crash handler (crashpad) whatever the flags
 * (--disable-breakpad and --disable-crash-reporter notwithstanding, it passes
 * --enable-crash-reporter to its children), and a renderer that crashed — a page that
 * exhausted memory — left a minidump of the page's memory, URL included, in
 * `~/.config/chromium/Crash Reports/pending/`. Here `Crash Reports` is an empty regular
 * file: crashpad cannot create its database in it and writes nothing, while the crash itself
 * is still reported to the engine (Inspector.targetCrashed). Being a file, not a permission,
 * it holds for root too, and no flag or launcher script can undo it.
 */
export async function makeBrowserHome(
  root: string,
  ramDir: string | null = null
): Promise<BrowserHome> {
  // The browser process writes a page's whole MHTML to a file in $TMPDIR for a moment
  // (Page.captureSnapshot generates into a temporary file, reads it back and unlinks it), so
  // with a RAM-backed directory at hand (`ramDir`, /dev/shm on Linux) TMPDIR goes there.
  // Otherwise: Chromium puts its singleton socket at $TMPDIR/org.chromium.Chromium.XXXXXX/
  // SingletonSocket (45 more characters), and a Unix socket path has at most 107: a deep temp
  // dir gets a private one of its own in /tmp instead, removed with the rest.
  const inside = join(root, 't')
  const tmp =
    ramDir !== null
      ? await mkdtemp(join(ramDir, 'dalel-'))
      : inside.length <= MAX_TMPDIR_LENGTH
        ? inside
        : await mkdtemp('/tmp/dalel-')
  const dirs: BrowserHome = {
    root,
    home: join(root, 'home'),
    config: join(root, 'config'),
    cache: join(root, 'cache'),
    data: join(root, 'data'),
    tmp
  }
  for (const dir of [dirs.home, dirs.config, dirs.cache, dirs.data])
    await mkdir(dir, { mode: 0o700 })
  if (tmp === inside) await mkdir(tmp, { mode: 0o700 })
  for (const name of CRASH_DATABASE_OWNERS) {
    await mkdir(join(dirs.config, name), { mode: 0o700 })
    await writeFile(join(dirs.config, name, 'Crash Reports'), '', { mode: 0o400 })
  }
  return dirs
}

const MAX_TMPDIR_LENGTH = 60

/** Removes the private home (and its temp dir, when that lives apart). */
export async function removeBrowserHome(dirs: BrowserHome): Promise<void> {
  await rm(dirs.root, { recursive: true, force: true })
  await rm(dirs.tmp, { recursive: true, force: true })
}

/**
 * The capture browser's whole environment: PATH, LANG, the private home and XDG dirs, the
 * private TMPDIR, and DISPLAY / WAYLAND_DISPLAY only when set. Nothing else of Dalel's
 * environment reaches the browser — DALEL_PASSPHRASE above all: a renderer exploit would
 * otherwise find the vault's passphrase in its parent's /proc/<pid>/environ.
 */
export function browserEnvironment(
  parent: NodeJS.ProcessEnv,
  dirs: BrowserHome
): Record<string, string> {
  const env: Record<string, string> = {
    PATH: parent.PATH ?? '/usr/bin:/bin',
    LANG: parent.LANG ?? 'C.UTF-8',
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_CACHE_HOME: dirs.cache,
    XDG_DATA_HOME: dirs.data,
    TMPDIR: dirs.tmp
  }
  for (const name of ['DISPLAY', 'WAYLAND_DISPLAY'] as const) {
    const value = parent[name]
    if (value !== undefined && value !== '') env[name] = value
  }
  return env
}
