import type { EntryField } from '../EntryField'

/** A watch-list change: what changed, and the whole list after it. */
export const WATCH_FIELDS: readonly EntryField<'watch'>[] = [
  {
    key: 'change',
    label: 'field.watchChange',
    shape: 'message',
    covers: ['change', 'url'],
    read: (p) => ({ shape: 'message', key: `watch.change.${p.change}`, params: { url: p.url } })
  },
  {
    key: 'watched',
    label: 'field.watched',
    shape: 'list',
    read: (p) => ({
      shape: 'list',
      value: p.watched.map((w) => `${w.url} (${w.everySeconds} s)`)
    })
  }
]
