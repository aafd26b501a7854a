import { DalelError } from '../../common/errors/DalelError'

/**
 * Maps a Node file-system error to Dalel's codes, so a full disk or a pulled USB drive
 * reaches the user as one translated line naming the file.
 */
export function fsError(error: unknown, path: string): DalelError {
  if (error instanceof DalelError) return error
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new DalelError('disk-full', { path }, { cause: error })
    case 'ENOENT':
      return new DalelError('file-not-found', { path }, { cause: error })
    case 'EACCES':
    case 'EPERM':
    case 'EISDIR':
      return new DalelError('file-unreadable', { path, reason: code }, { cause: error })
    default:
      return new DalelError('io-error', { path, reason: code ?? String(error) }, { cause: error })
  }
}
