import { isAbsolute, relative, resolve, sep } from 'node:path'
import { APP_HOST, APP_SCHEME } from './appOrigin'

// Parsed by hand, not with `new URL`: the URL parser silently collapses `..` and `%2e%2e`,
// which would turn a traversal attempt into an innocent-looking path instead of a refusal.
const appUrlPattern = new RegExp(`^${APP_SCHEME}://${APP_HOST}(/[^?#]*)?(?:[?#].*)?$`, 'i')

/**
 * Maps a request such as `app://dalel/assets/index.js` to a file inside `rendererDir`, or
 * returns null. Anything that could name a file outside the directory is refused outright:
 * `.` and `..` segments (plain or percent-encoded), backslashes, encoded slashes, empty
 * segments (`//etc`), drive letters and NUL bytes. The final containment check stands on its
 * own, so a gap in the list above still cannot escape `rendererDir`.
 * @param rendererDir absolute path of the built renderer (out/renderer)
 */
export function resolveAppUrl(requestUrl: string, rendererDir: string): string | null {
  const match = appUrlPattern.exec(requestUrl)
  if (match === null) return null
  const rawPath = match[1] ?? '/'
  if (rawPath.includes('\\') || /%(2f|5c|00)/i.test(rawPath)) return null

  let decoded: string
  try {
    decoded = decodeURIComponent(rawPath)
  } catch {
    return null
  }
  const segments = decoded === '/' ? ['index.html'] : decoded.slice(1).split('/')
  const unsafe = segments.some(
    (segment) =>
      segment === '' ||
      segment === '.' ||
      segment === '..' ||
      segment.includes(':') ||
      segment.includes('\0')
  )
  if (unsafe) return null

  const root = resolve(rendererDir)
  const file = resolve(root, ...segments)
  const inside = relative(root, file)
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    return null
  }
  return file
}
