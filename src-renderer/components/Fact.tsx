import type { ReactNode } from 'react'

/**
 * One label and value of a summary list (`<dl className="facts">`). `className` and
 * `translate` go on the value: `code` for a hash or a path, `translate="no"` for what a
 * browser's translator must leave alone.
 */
export function Fact({
  label,
  children,
  className,
  translate
}: {
  label: string
  children: ReactNode
  className?: string
  translate?: 'no'
}): React.JSX.Element {
  return (
    <div>
      <dt>{label}</dt>
      <dd className={className} translate={translate}>
        {children}
      </dd>
    </div>
  )
}
