import type { EntryField } from '../EntryField'

export const ANCHOR_FIELDS: readonly EntryField<'anchor'>[] = []
