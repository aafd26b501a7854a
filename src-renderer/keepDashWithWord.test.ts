import { describe, expect, it } from 'vitest'
import { keepDashWithWord } from './keepDashWithWord'

describe('keepDashWithWord', () => {
  it('ties a spaced dash to the word before it', () => {
    expect(keepDashWithWord('Обыск в редакции — Редакцияда тінту')).toBe(
      'Обыск в редакции\u00a0— Редакцияда тінту'
    )
    expect(keepDashWithWord('2024 – 2026')).toBe('2024\u00a0– 2026')
    expect(keepDashWithWord('Звонок - угроза')).toBe('Звонок\u00a0- угроза')
  })

  it('leaves hyphenated words, a dash at the start and text without dashes as they are', () => {
    expect(keepDashWithWord('веб-страницы')).toBe('веб-страницы')
    expect(keepDashWithWord('— цитата')).toBe('— цитата')
    expect(keepDashWithWord('Обыск в редакции')).toBe('Обыск в редакции')
    expect(keepDashWithWord('сумма -5')).toBe('сумма -5')
  })
})
