import type { EntryField } from '../EntryField'
import { ABOUT_FIELD, bodyField } from './commonFields'

export const FILE_FIELDS: readonly EntryField<'file'>[] = [ABOUT_FIELD, bodyField()]
