import type { EntryField } from '../EntryField'
import { bodyField } from './commonFields'

export const FILE_FIELDS: readonly EntryField<'file'>[] = [bodyField()]
