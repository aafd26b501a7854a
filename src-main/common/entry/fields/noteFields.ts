import type { EntryField } from '../EntryField'
import { bodyField, TAGS_FIELD } from './commonFields'

export const NOTE_FIELDS: readonly EntryField<'note'>[] = [bodyField(), TAGS_FIELD]
