import type { EntryField } from '../EntryField'

/** The fields every entry has, outside its payload. */
export const COMMON_FIELDS = [
  { key: 'title', label: 'field.title', shape: 'text', option: 'title', amendable: true },
  {
    key: 'occurredAt',
    label: 'field.occurredAt',
    shape: 'time',
    option: 'occurred',
    amendable: true
  },
  { key: 'author', label: 'field.author', shape: 'text' }
] as const satisfies readonly EntryField[]

/** The entries an entry is about; set when it is recorded (`--about`), never amended. */
export const ABOUT_FIELD = { key: 'about', label: 'field.about', shape: 'refs' } as const

/** The running text of a kind, set by `--body` (or the option named). */
export const bodyField = (option = 'body') =>
  ({
    key: 'body',
    label: 'field.body',
    shape: 'prose',
    block: true,
    option,
    amendable: true
  }) as const
/** Free words to find the entry by (`--tag`, repeated). */
export const TAGS_FIELD = {
  key: 'tags',
  label: 'field.tags',
  shape: 'list',
  option: 'tag',
  amendable: true
} as const
