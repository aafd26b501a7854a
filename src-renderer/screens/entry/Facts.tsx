import type { ReactNode } from 'react'

export type FactRow = [label: string, value: ReactNode]

/** A definition list of the rows that have a value. */
export function Facts({ rows }: { rows: readonly FactRow[] }): React.JSX.Element {
  return (
    <dl className="facts">
      {rows
        .filter(([, value]) => value !== undefined && value !== null && value !== '')
        .map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  )
}
