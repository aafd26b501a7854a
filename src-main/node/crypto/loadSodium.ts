import sodium from 'libsodium-wrappers-sumo'
import { DalelError } from '../../common/errors/DalelError'

export type Sodium = typeof sodium

let ready: Promise<Sodium> | undefined

/**
 * Loads libsodium's full ("sumo") build once. The standard build lacks crypto_pwhash
 * (Argon2id), so its presence is checked here instead of failing at the first unlock.
 */
export async function loadSodium(): Promise<Sodium> {
  ready ??= (async () => {
    await sodium.ready
    if (typeof sodium.crypto_pwhash !== 'function') {
      throw new DalelError('crypto-unavailable', { what: 'crypto_pwhash (Argon2id)' })
    }
    return sodium
  })()
  return ready
}
