import type { EntryField } from '../EntryField'
import { ABOUT_FIELD, bodyField, TAGS_FIELD } from './commonFields'

export const NOTE_FIELDS: readonly EntryField<'note'>[] = [ABOUT_FIELD, bodyField(), TAGS_FIELD]
