/**
 * Every failure a user can meet has a stable code; faces translate `error.<code>` from the
 * locale files and fill in `params`. Nothing user-facing is built from `message`.
 */
export const ERROR_CODES = [
  'wrong-passphrase',
  'vault-not-found',
  'vault-exists',
  'vault-corrupt',
  'vault-rolled-back',
  'unsupported-version',
  'vault-locked',
  /** another process holds vault.lock: the vault is open in another Dalel */
  'vault-in-use',
  /** journal.bin is not the file, or not the length, this writer left it at */
  'vault-written-elsewhere',
  'entry-not-found',
  'entry-withdrawn',
  'file-not-found',
  'file-unreadable',
  /** a file changed between being hashed and being sealed (still being written?): nothing stored */
  'file-changed',
  /** a FIFO, a device, a socket or a folder where a file to read was expected */
  'not-a-regular-file',
  /** a file under /proc, /sys or /dev (the process environment, endless devices) */
  'system-file-refused',
  'disk-full',
  'io-error',
  'invalid-input',
  /** a text longer than its limit in ENTRY_LIMITS: params field, max */
  'too-long',
  /** a stated time that is impossible, before 1900 or after the recording: field, value, problem */
  'bad-time',
  /** an amendment names a field the target's kind does not have */
  'not-amendable',
  /** export would replace an existing file (it may already be in a lawyer's hands) */
  'bundle-exists',
  /** a copy of an attachment would replace an existing file (the page asks first) */
  'file-exists',
  'crypto-unavailable',
  'backup-damaged',
  'backup-of-another-vault',
  /** the capture browser could not be started or reached */
  'browser-unavailable',
  /** the person cancelled a capture or recheck; what was recorded before stays */
  'capture-cancelled',
  /** `dalel timestamp` on a vault with no entry: there is no head to stamp */
  'nothing-to-timestamp',
  /** no time-stamping authority gave a token that verifies; nothing was recorded */
  'timestamp-unavailable',
  /** anything unforeseen; faces show a generic message and never the stack */
  'internal',
  /** the desktop app refused a request that did not come from its own page */
  'ipc-refused'
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export type ErrorParams = Readonly<Record<string, string | number>>

export class DalelError extends Error {
  readonly code: ErrorCode
  readonly params: ErrorParams

  constructor(code: ErrorCode, params: ErrorParams = {}, options?: { cause?: unknown }) {
    super(`${code}${Object.keys(params).length > 0 ? ` ${JSON.stringify(params)}` : ''}`, options)
    this.name = 'DalelError'
    this.code = code
    this.params = params
  }
}

export function isDalelError(error: unknown): error is DalelError {
  return error instanceof DalelError
}
