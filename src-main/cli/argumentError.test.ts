import { parseArgs } from 'node:util'
import { describe, expect, it } from 'vitest'
import { argumentError } from './argumentError'

function errorOf(args: string[]): unknown {
  try {
    parseArgs({
      args,
      options: { title: { type: 'string' }, force: { type: 'boolean' } },
      allowPositionals: true,
      strict: true
    })
  } catch (error) {
    return error
  }
  throw new Error('parseArgs accepted it')
}

describe('argumentError', () => {
  it('names the option in a translated message instead of Node’s English sentence', () => {
    const missing = argumentError(errorOf(['--title']))
    expect([missing.key, missing.params]).toEqual(['cli.args.missingValue', { option: '--title' }])
    const unknown = argumentError(errorOf(['--bogus']))
    expect([unknown.key, unknown.params]).toEqual(['cli.args.unknownOption', { option: '--bogus' }])
    const given = argumentError(errorOf(['--force=yes']))
    expect([given.key, given.params]).toEqual(['cli.args.noValue', { option: '--force' }])
  })

  it('keeps the text of an error it does not know', () => {
    const other = argumentError(new Error('something new'))
    expect([other.key, other.params]).toEqual(['cli.badArguments', { detail: 'something new' }])
  })
})
