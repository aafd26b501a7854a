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

/**
 * `withoutUndefined` through nested objects and arrays, for values a schema checked whose
 * optional fields come back as `undefined` (zod). The caller states the type it checked for.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the type the schema checked
export function withoutUndefinedDeep<T>(value: unknown): T {
  if (Array.isArray(value)) return value.map((item) => withoutUndefinedDeep(item)) as T
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, withoutUndefinedDeep(v)])
    ) as T
  return value as T
}
