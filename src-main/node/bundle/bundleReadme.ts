import { LOCALES, translate } from '../../common/i18n/translate'
import type { BundleManifest } from '../../common/bundle/bundleLayout'
import {
  FINGERPRINT_COMMAND,
  OPENSSL_COMMAND,
  SHA256SUM_COMMAND
} from '../../common/bundle/bundleLayout'
import { keyFingerprint } from './report/renderReport'

/**
 * README.txt: how to check the bundle, in English, Russian and Kazakh one after another (a
 * lawyer in Almaty may forward it to a colleague abroad), with the exact commands. The texts
 * live in the locale files like every other user-facing string. The key is shown as its
 * fingerprint, the characters the journalist reads out (`dalel fingerprint`), never as the raw
 * key, so the lawyer makes one comparison whichever verifier they use.
 * @param bundleName the zip's file name, for the `dalel verify-bundle` line
 * @param fileNames each attachment's path in the bundle and the name it was recorded under
 */
export function bundleReadme(
  manifest: BundleManifest,
  bundleName: string,
  tokenPaths: readonly string[] = [],
  fileNames: readonly { path: string; name: string }[] = []
): string {
  const params = {
    exporter: manifest.exporter === '' ? '—' : manifest.exporter,
    recipient: manifest.recipient === '' ? '—' : manifest.recipient,
    purpose: manifest.purpose === '' ? '—' : manifest.purpose,
    created: manifest.created,
    bundleId: manifest.bundleId,
    vaultId: manifest.vaultId,
    fingerprint: keyFingerprint(manifest.publicKey),
    fingerprintCommand: FINGERPRINT_COMMAND,
    entries: manifest.entries.length,
    head: manifest.head.seq,
    sumsCommand: SHA256SUM_COMMAND,
    opensslCommand: OPENSSL_COMMAND,
    verifyCommand: `dalel verify-bundle ${/^[\w.@+-]+$/.test(bundleName) ? bundleName : `"${bundleName}"`}`
  }
  const rule = `\n\n${'='.repeat(78)}\n\n`
  // One openssl line per token in timestamps/ (<seq>.<k>.tsr beside <seq>.txt and <seq>.<k>.pem).
  const commands = tokenPaths
    .map((tsr) => {
      const statement = tsr.replace(/\.\d+\.tsr$/, '.txt')
      const pem = tsr.replace(/\.tsr$/, '.pem')
      return `     openssl ts -verify -data ${statement} -in ${tsr} -CAfile <root you trust> -untrusted ${pem}`
    })
    .join('\n')
  const lines = fileNames.map(({ path, name }) => `     ${path}  ${name}`).join('\n')
  const text = (locale: (typeof LOCALES)[number]) =>
    translate(locale, 'bundle.readme', params).trimEnd() +
    (tokenPaths.length > 0
      ? `\n${translate(locale, 'bundle.readme.timestamps', { commands }).trimEnd()}`
      : '') +
    (fileNames.length > 0
      ? `\n\n${translate(locale, 'bundle.readme.fileNames', { lines }).trimEnd()}`
      : '')
  return `${LOCALES.map(text).join(rule)}\n`
}
