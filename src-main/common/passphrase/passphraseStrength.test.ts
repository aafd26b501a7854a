import { describe, expect, it } from 'vitest'
import { passphraseStrength } from './passphraseStrength'

describe('passphraseStrength', () => {
  it('calls anything under eight characters too short', () => {
    expect(passphraseStrength('')).toBe('too-short')
    expect(passphraseStrength('Ab1!xyz')).toBe('too-short')
    expect(passphraseStrength('қазақ')).toBe('too-short')
  })

  it('calls common and repetitive passphrases weak', () => {
    expect(passphraseStrength('password')).toBe('weak')
    expect(passphraseStrength('qwertyui')).toBe('weak')
    expect(passphraseStrength('aaaaaaaaaaaaaaaa')).toBe('weak')
  })

  it('calls a short mix of classes fair and long phrases strong, in any script', () => {
    expect(passphraseStrength('Tr0ub4dor&3')).toBe('fair')
    expect(passphraseStrength('correct horse battery staple')).toBe('strong')
    expect(passphraseStrength('кілт сөз — пароль 2026')).toBe('strong')
    expect(passphraseStrength('таудағы жылқы түнде кетті')).toBe('strong')
  })
})
