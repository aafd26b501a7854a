/** The parts that are there, space-separated: "200 OK", "Chromium 140 CDP 1.3". */
export const joined = (...parts: (string | number | undefined)[]) =>
  parts.filter((part) => part !== undefined && part !== '').join(' ')
