/** Ends an exhaustive switch: the compiler proves it is never called. */
export function unreachable(value: never): Error {
  return new Error(`unreachable: ${JSON.stringify(value)}`)
}
