/** `T` with every property that may be undefined made optional and never undefined. */
export type WithoutUndefined<T> = {
  [K in keyof T as undefined extends T[K] ? never : K]: T[K]
} & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>
}

/**
 * Drops properties whose value is undefined, so optional fields are absent rather than
 * `undefined` (exactOptionalPropertyTypes), and never reach canonical JSON as such.
 */
export function withoutUndefined<T extends Record<string, unknown>>(
  object: T
): WithoutUndefined<T> {
  return Object.fromEntries(
    Object.entries(object).filter(([, value]) => value !== undefined)
  ) as WithoutUndefined<T>
}
