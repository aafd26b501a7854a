import type { ErrorCode, ErrorParams } from '../errors/DalelError'

/** Failures cross IPC and the CLI as values with a stable code (STYLE habit 7). */
export type Result<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: ErrorCode; params: ErrorParams; message: string } }
