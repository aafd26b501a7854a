import type { UnlockSecret } from '../../common/contract/VaultApi'
import { DalelError } from '../../common/errors/DalelError'
import { looksLikeRecoveryCode } from '../vault/recoveryCode'

/**
 * Runs `attempt` with what a person typed at a prompt that takes either secret. Text shaped
 * like a recovery code is tried as one first (a keyed hash, instant) and then as a
 * passphrase (Argon2id), so the person need not say which it is.
 */
export async function withEitherSecret<T>(
  secret: UnlockSecret | { secret: string },
  attempt: (secret: UnlockSecret) => Promise<T>
): Promise<T> {
  if (!('secret' in secret)) return attempt(secret)
  if (looksLikeRecoveryCode(secret.secret)) {
    try {
      return await attempt({ recoveryCode: secret.secret })
    } catch (error) {
      if (!(error instanceof DalelError && error.code === 'wrong-passphrase')) throw error
    }
  }
  return attempt({ passphrase: secret.secret })
}
