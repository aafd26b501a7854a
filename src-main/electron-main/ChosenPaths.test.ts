import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ChosenPaths } from './ChosenPaths'

const home = resolve('/home/journalist')

describe('ChosenPaths', () => {
  it('allows nothing until the person chooses', () => {
    const chosen = new ChosenPaths()
    expect(chosen.allows(join(home, 'photo.jpg'))).toBe(false)
    expect(chosen.allows('/')).toBe(false)
  })

  it('allows exactly the chosen files', () => {
    const chosen = new ChosenPaths()
    chosen.rememberFiles([join(home, 'photo.jpg')])
    expect(chosen.allows(join(home, 'photo.jpg'))).toBe(true)
    expect(chosen.allows(join(home, 'Documents', '..', 'photo.jpg'))).toBe(true)
    expect(chosen.allows(join(home, 'photo.jpg.bak'))).toBe(false)
    expect(chosen.allows(join(home, '.ssh', 'id_ed25519'))).toBe(false)
  })

  it('allows a chosen folder and what is inside it, never its parent or siblings', () => {
    const chosen = new ChosenPaths()
    chosen.rememberFolder(join(home, 'Backups'))
    expect(chosen.allows(join(home, 'Backups'))).toBe(true)
    expect(chosen.allows(join(home, 'Backups', 'dalel', 'bundle.zip'))).toBe(true)
    expect(chosen.allows(join(home, 'Backups', '..', '.ssh', 'id_ed25519'))).toBe(false)
    expect(chosen.allows(join(home, 'Backups-old'))).toBe(false)
    expect(chosen.allows(home)).toBe(false)
  })

  it('refuses relative paths and NUL bytes', () => {
    const chosen = new ChosenPaths()
    chosen.rememberFolder(home)
    chosen.rememberFiles(['relative.txt'])
    expect(chosen.allows('relative.txt')).toBe(false)
    expect(chosen.allows(`${join(home, 'a')}\0.png`)).toBe(false)
  })

  it('forgets everything when cleared (the vault locked)', () => {
    const chosen = new ChosenPaths()
    chosen.rememberFolder(home)
    chosen.rememberFiles([join(home, 'a.png')])
    chosen.clear()
    expect(chosen.allows(join(home, 'a.png'))).toBe(false)
  })
})
