// Preloaded (node --import) to give the command line the crypto Electron's Node has: built on
// BoringSSL, it lists no 'chacha20-poly1305' and its createCipheriv calls it an unknown cipher
// (electron/electron#24024). The bundle's named imports of node:crypto are synced after.
import crypto from 'node:crypto'
import { syncBuiltinESMExports } from 'node:module'

const listed = crypto.getCiphers
const refusing = (original) =>
  function (name, ...rest) {
    if (String(name).toLowerCase() === 'chacha20-poly1305') {
      const error = new Error('Unknown cipher')
      error.code = 'ERR_CRYPTO_UNKNOWN_CIPHER'
      throw error
    }
    return original.call(this, name, ...rest)
  }
crypto.getCiphers = () => listed().filter((name) => name !== 'chacha20-poly1305')
crypto.createCipheriv = refusing(crypto.createCipheriv)
crypto.createDecipheriv = refusing(crypto.createDecipheriv)
syncBuiltinESMExports()
