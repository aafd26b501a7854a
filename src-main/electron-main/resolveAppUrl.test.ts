import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveAppUrl } from './resolveAppUrl'

const root = resolve('/srv/dalel/out/renderer')

describe('resolveAppUrl', () => {
  it('serves index.html for the bare origin and for /', () => {
    expect(resolveAppUrl('app://dalel', root)).toBe(join(root, 'index.html'))
    expect(resolveAppUrl('app://dalel/', root)).toBe(join(root, 'index.html'))
  })

  it('maps files and nested assets inside the renderer directory, ignoring query and hash', () => {
    expect(resolveAppUrl('app://dalel/index.html', root)).toBe(join(root, 'index.html'))
    expect(resolveAppUrl('app://dalel/assets/index-abc.js?v=1#x', root)).toBe(
      join(root, 'assets', 'index-abc.js')
    )
    expect(resolveAppUrl('app://dalel/assets/a%20b.css', root)).toBe(
      join(root, 'assets', 'a b.css')
    )
  })

  it('refuses other schemes and hosts', () => {
    expect(resolveAppUrl('file:///etc/passwd', root)).toBeNull()
    expect(resolveAppUrl('https://dalel/index.html', root)).toBeNull()
    expect(resolveAppUrl('app://evil/index.html', root)).toBeNull()
    expect(resolveAppUrl('app://dalel.evil/index.html', root)).toBeNull()
    expect(resolveAppUrl('app://dalel@evil/index.html', root)).toBeNull()
  })

  it('refuses ../ traversal', () => {
    expect(resolveAppUrl('app://dalel/../../../etc/passwd', root)).toBeNull()
    expect(resolveAppUrl('app://dalel/assets/../../main/index.js', root)).toBeNull()
    expect(resolveAppUrl('app://dalel/./index.html', root)).toBeNull()
    expect(resolveAppUrl('app://dalel/..', root)).toBeNull()
  })

  it('refuses percent-encoded traversal', () => {
    expect(resolveAppUrl('app://dalel/%2e%2e/%2e%2e/etc/passwd', root)).toBeNull()
    expect(resolveAppUrl('app://dalel/%2E%2E/secret', root)).toBeNull()
    expect(resolveAppUrl('app://dalel/.%2e/secret', root)).toBeNull()
    expect(resolveAppUrl('app://dalel/..%2fsecret', root)).toBeNull()
    expect(resolveAppUrl('app://dalel/%252e%252e/secret', root)).toBe(
      join(root, '%2e%2e', 'secret')
    )
  })

  it('refuses absolute paths', () => {
    expect(resolveAppUrl('app:///etc/passwd', root)).toBeNull()
    expect(resolveAppUrl('app://dalel//etc/passwd', root)).toBeNull()
    expect(resolveAppUrl('app://dalel/%2Fetc%2Fpasswd', root)).toBeNull()
    expect(resolveAppUrl('app://dalel/C:/Windows/win.ini', root)).toBeNull()
    expect(resolveAppUrl('app://dalel/C%3A/Windows/win.ini', root)).toBeNull()
    expect(resolveAppUrl('/etc/passwd', root)).toBeNull()
  })

  it('refuses backslashes, plain or encoded', () => {
    expect(resolveAppUrl('app://dalel/..\\..\\secret', root)).toBeNull()
    expect(resolveAppUrl('app://dalel/assets\\index.js', root)).toBeNull()
    expect(resolveAppUrl('app://dalel/..%5c..%5csecret', root)).toBeNull()
    expect(resolveAppUrl('app://dalel/%5Cetc', root)).toBeNull()
  })

  it('refuses NUL bytes and malformed percent-encoding', () => {
    expect(resolveAppUrl('app://dalel/index.html%00.png', root)).toBeNull()
    expect(resolveAppUrl('app://dalel/%E0%A4%A', root)).toBeNull()
  })
})
