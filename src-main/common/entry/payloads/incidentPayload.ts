import type { Linked } from '../Entry'

// An incident (DESIGN "Entries"): a search, detention, threat, takedown… in structured fields.

export const INCIDENT_TYPES = [
  'search',
  'detention',
  'interrogation',
  'threat',
  'physical-attack',
  'account-takedown',
  'content-removal',
  'ddos',
  'website-block',
  'legal-action',
  'other'
] as const
export type IncidentType = (typeof INCIDENT_TYPES)[number]

export interface Official {
  name?: string
  /** rank or position, as shown or stated */
  position?: string
  /** the unit, department or agency */
  unit?: string
}

/** Someone present at an incident, and in what role (searched, attesting witness, lawyer…). */
export interface PersonPresent {
  name?: string
  /** as the person was named or acted, e.g. "понятой", "адвокат", "следователь" */
  role?: string
}

export interface IncidentPayload extends Linked {
  type: IncidentType
  body?: string
  place?: string
  /** the case, order or warrant number, as written on the document */
  caseNumber?: string
  /** when it ended (a search lasts hours); ISO 8601, as stated by the user */
  endedAt?: string
  /** who was present, each with their role */
  peoplePresent?: PersonPresent[]
  /** names only, as recorded before roles were asked for */
  peopleInvolved?: string[]
  officials?: Official[]
  /** the warrant, ruling or article of law shown, in the words of the document */
  legalBasisShown?: string
  itemsSeized?: string[]
  lawyersAdmitted?: string[]
  lawyersRefused?: string[]
  witnesses?: string[]
  tags?: string[]
}
