import { constants } from 'node:fs'
import { access, open, realpath } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** The first bytes of a file, or an empty buffer when it cannot be read. */
async function head(path: string, length: number): Promise<Buffer> {
  try {
    const file = await open(path, 'r')
    try {
      const buffer = Buffer.alloc(length)
      const { bytesRead } = await file.read(buffer, 0, length, 0)
      return buffer.subarray(0, bytesRead)
    } finally {
      await file.close()
    }
  } catch {
    return Buffer.alloc(0)
  }
}

async function isExecutableProgram(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK)
  } catch {
    return false
  }
  const magic = await head(path, 4)
  // ELF (Linux) or Mach-O (macOS, either byte order, or a universal binary)
  return (
    magic.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])) ||
    [0xfeedfacf, 0xcffaedfe, 0xcafebabe].includes(magic.length === 4 ? magic.readUInt32BE(0) : 0)
  )
}

/** Distribution launcher scripts, by real path, and the programs they run. */
const LAUNCHERS: Record<string, readonly string[]> = {
  '/usr/bin/chromium': ['/usr/lib/chromium/chromium'],
  '/usr/bin/chromium-browser': [
    '/usr/lib/chromium-browser/chromium-browser',
    '/usr/lib/chromium/chromium'
  ]
}

/**
 * The browser program itself when `path` is a distribution's launcher script: Debian's
 * /usr/bin/chromium sources /etc/chromium.d (which adds --enable-remote-extensions,
 * --load-extension of system-wide extensions, GPU rasterization, and exports Google API
 * keys) and then runs /usr/lib/chromium/chromium; Google's google-chrome script runs the
 * `chrome` program beside it (/opt/google/chrome/chrome). The capture browser runs with its
 * own flags and environment only. Anything else — a program, or a script Dalel does not
 * know — is returned as given.
 */
export async function browserBinary(path: string): Promise<string> {
  let real: string
  try {
    real = await realpath(path)
  } catch {
    return path
  }
  if (!(await head(real, 2)).equals(Buffer.from('#!'))) return path
  const candidates =
    LAUNCHERS[real] ??
    (real.startsWith('/opt/google/') && basename(real).startsWith('google-chrome')
      ? [join(dirname(real), 'chrome')]
      : [])
  for (const candidate of candidates) if (await isExecutableProgram(candidate)) return candidate
  return path
}
