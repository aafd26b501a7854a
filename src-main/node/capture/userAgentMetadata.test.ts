import { describe, expect, it } from 'vitest'
import { changedFiles } from './recordDocument'
import { greaseBrand, userAgentMetadata } from './userAgentMetadata'

describe('client hints of an ordinary Chromium', () => {
  it('sends the Chromium brand and its GREASE brand, with the full version, for Linux on x64', () => {
    const ua =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'
    const m = userAgentMetadata(ua, '156.0.8078.114', 'x64')
    expect(m.brands).toEqual([greaseBrand(156), { brand: 'Chromium', version: '156' }])
    expect(m.fullVersionList).toContainEqual({ brand: 'Chromium', version: '156.0.8078.114' })
    expect(m).toMatchObject({
      platform: 'Linux',
      architecture: 'x86',
      bitness: '64',
      mobile: false
    })
    expect(greaseBrand(156).brand).toMatch(/^Not.A.Brand$/)
  })
})

describe('changedFiles', () => {
  const a = { dom: '<p>1</p>', text: '1' }
  const b = { dom: '<p>2</p>', text: '2' }
  it('names nothing when the page stayed as read', () => {
    expect(changedFiles(a, a, a)).toEqual([])
  })
  it('names the five files read together when the page changed while they were read', () => {
    expect(changedFiles(a, b, b)).toEqual(['screenshot-viewport', 'mhtml', 'dom', 'text'])
  })
  it('names the full-page screenshot when the page changed after the reads', () => {
    expect(changedFiles(a, a, b)).toEqual(['screenshot-full'])
  })
})
