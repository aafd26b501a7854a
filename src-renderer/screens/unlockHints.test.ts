import { describe, expect, it } from 'vitest'
import { keyboardScript } from './keyboardScript'
import { vaultName } from './vaultName'

describe('the unlock screen’s hints', () => {
  it('names the script of the last letter typed, and nothing for digits or signs', () => {
    expect(keyboardScript('қ')).toBe('cyrillic')
    expect(keyboardScript('ё')).toBe('cyrillic')
    expect(keyboardScript('q')).toBe('latin')
    expect(keyboardScript('é')).toBe('latin')
    // Pasted text: the last letter counts; digits and punctuation after it change nothing.
    expect(keyboardScript('abc тінту 12!')).toBe('cyrillic')
    expect(keyboardScript('тінту abc')).toBe('latin')
    expect(keyboardScript('2026-03-01 !?')).toBeNull()
    expect(keyboardScript('')).toBeNull()
  })

  it('shows a vault by its folder’s name, not the path above it', () => {
    expect(vaultName('/home/aigerim/Dalel/архив')).toBe('архив')
    expect(vaultName('/home/aigerim/Dalel/Дәлел қоймасы/')).toBe('Дәлел қоймасы')
    expect(vaultName('C:\\Users\\aigerim\\Dalel\\архив')).toBe('архив')
    expect(vaultName('архив')).toBe('архив')
  })
})
