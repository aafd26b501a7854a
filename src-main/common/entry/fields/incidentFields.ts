import type { EntryField } from '../EntryField'
import { ABOUT_FIELD, bodyField, TAGS_FIELD } from './commonFields'

export const INCIDENT_FIELDS = [
  ABOUT_FIELD,
  {
    key: 'type',
    label: 'field.incidentType',
    shape: 'enum',
    enumPrefix: 'incident.',
    option: 'type',
    amendable: true
  },
  {
    key: 'caseNumber',
    label: 'field.caseNumber',
    shape: 'text',
    option: 'case',
    amendable: true
  },
  { key: 'place', label: 'field.place', shape: 'text', option: 'place', amendable: true },
  { key: 'endedAt', label: 'field.endedAt', shape: 'time', option: 'ended', amendable: true },
  {
    key: 'peoplePresent',
    label: 'field.peoplePresent',
    shape: 'people',
    option: 'present',
    amendable: true
  },
  {
    key: 'peopleInvolved',
    label: 'field.peopleInvolved',
    shape: 'list',
    option: 'person',
    amendable: true
  },
  {
    key: 'officials',
    label: 'field.officials',
    shape: 'officials',
    option: 'official',
    amendable: true
  },
  {
    key: 'legalBasisShown',
    label: 'field.legalBasisShown',
    shape: 'prose',
    option: 'legal-basis',
    amendable: true
  },
  {
    key: 'itemsSeized',
    label: 'field.itemsSeized',
    shape: 'list',
    option: 'seized',
    amendable: true
  },
  {
    key: 'lawyersAdmitted',
    label: 'field.lawyersAdmitted',
    shape: 'list',
    option: 'lawyer-admitted',
    amendable: true
  },
  {
    key: 'lawyersRefused',
    label: 'field.lawyersRefused',
    shape: 'list',
    option: 'lawyer-refused',
    amendable: true
  },
  {
    key: 'witnesses',
    label: 'field.witnesses',
    shape: 'list',
    option: 'witness',
    amendable: true
  },
  TAGS_FIELD,
  bodyField()
] as const satisfies readonly EntryField<'incident'>[]
