import { describe, expect, it } from 'vitest'
import { INCIDENT_FIELDS } from '../entry/fields/incidentFields'
import { METHOD_SCHEMAS } from './methodSchemas'

// One value of each shape an incident field has, as the app's form sends it.
const SAMPLE: Partial<Record<(typeof INCIDENT_FIELDS)[number]['shape'], unknown>> = {
  text: 'Алматы',
  prose: 'Постановление № 17',
  time: '2026-02-27T04:00:00.000Z',
  list: ['ноутбук'],
  people: [{ name: 'А. Серікова', role: 'понятой' }],
  officials: [{ name: 'Иванов', position: 'следователь', unit: 'ДП' }],
  enum: 'search'
}

describe('METHOD_SCHEMAS incident fields', () => {
  it('take every field of the incident table in addIncident and in amend, from one source', () => {
    const written = INCIDENT_FIELDS.filter((f) => 'amendable' in f && f.amendable)
    expect(written.length).toBeGreaterThan(10)
    const values = Object.fromEntries(written.map((f) => [f.key, SAMPLE[f.shape]]))
    expect(METHOD_SCHEMAS.addIncident.safeParse({ title: 'Обыск', ...values }).success).toBe(true)
    expect(
      METHOD_SCHEMAS.amend.safeParse({ target: '3', reason: 'уточнено', changes: values }).success
    ).toBe(true)
  })

  it('refuses a field the table does not have, and a wrong shape, in both', () => {
    expect(
      METHOD_SCHEMAS.addIncident.safeParse({ title: 'Обыск', type: 'search', weather: 'дождь' })
        .success
    ).toBe(false)
    expect(
      METHOD_SCHEMAS.amend.safeParse({ target: '3', reason: 'r', changes: { weather: 'дождь' } })
        .success
    ).toBe(false)
    expect(
      METHOD_SCHEMAS.addIncident.safeParse({ title: 'Обыск', type: 'search', witnesses: 'one' })
        .success
    ).toBe(false)
    expect(
      METHOD_SCHEMAS.amend.safeParse({ target: '3', reason: 'r', changes: { type: 'picnic' } })
        .success
    ).toBe(false)
  })

  it('takes what an incident is about when it is recorded, never as a correction', () => {
    expect(
      METHOD_SCHEMAS.addIncident.safeParse({ title: 'Обыск', type: 'search', about: ['2'] }).success
    ).toBe(true)
    expect(
      METHOD_SCHEMAS.amend.safeParse({ target: '3', reason: 'r', changes: { about: ['2'] } })
        .success
    ).toBe(false)
  })

  it('still requires the type of a new incident, and of a correction only what it names', () => {
    expect(METHOD_SCHEMAS.addIncident.safeParse({ title: 'Обыск' }).success).toBe(false)
    expect(
      METHOD_SCHEMAS.amend.safeParse({ target: '3', reason: 'r', changes: { place: 'Астана' } })
        .success
    ).toBe(true)
  })
})
