import { Fragment } from 'react'
import type { ReactNode } from 'react'
import type { EntryKind } from '../../../src-main/common/entry/Entry'
import { useI18n } from '../../i18n/I18n'

export interface EntryLinksProps {
  /** what the entries have to do with this one, e.g. "Referred to by:" */
  label: string
  refs: readonly { seq: number; kind: EntryKind }[]
  no: (seq: number) => string
  onOpen: (seq: number) => void
}

/** One entry's number as a link to its page. */
export function EntryLink({
  seq,
  onOpen,
  children
}: {
  seq: number
  onOpen: (seq: number) => void
  children: ReactNode
}): React.JSX.Element {
  return (
    <button
      type="button"
      className="link"
      onClick={() => {
        onOpen(seq)
      }}
    >
      {children}
    </button>
  )
}

/** Entries that point at this one, each a link to its page; nothing when there are none. */
export function EntryLinks({ label, refs, no, onOpen }: EntryLinksProps): React.JSX.Element | null {
  const { t } = useI18n()
  if (refs.length === 0) return null
  return (
    <p className="notice info entry-links">
      {label}{' '}
      {refs.map((ref, i) => (
        // A comma between links, or they read as one: "№3 (түзету)№4 (түзету)".
        <Fragment key={ref.seq}>
          {i > 0 && ', '}
          <EntryLink seq={ref.seq} onOpen={onOpen}>
            {no(ref.seq)} ({t(`kind.${ref.kind}`)})
          </EntryLink>
        </Fragment>
      ))}
    </p>
  )
}
