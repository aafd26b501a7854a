import { DalelError } from '../../common/errors/DalelError'
import { StreamFormatError } from '../crypto/streamCipher'
import { fsError } from '../fs/fsError'

/** Names the damaged file in the error a user sees. */
export function sealedFileError(error: unknown, file: string): DalelError {
  if (error instanceof StreamFormatError)
    return new DalelError('vault-corrupt', { file, detail: error.reason })
  if (error instanceof DalelError) return error
  return fsError(error, file)
}
