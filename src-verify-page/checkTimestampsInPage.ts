import { entryJsonPath } from '../src-main/common/bundle/bundleLayout'
import type { BundleTimestampsCheck } from '../src-main/common/timestamp/bundleTimestamps'
import { checkBundleTimestamps } from '../src-main/common/timestamp/bundleTimestamps'
import type { PageCheck } from './checkBundleInPage'
import type { PageScan } from './scanBundleFiles'

/**
 * The trusted timestamps of a bundle, checked in the page exactly as `dalel verify-bundle`
 * checks them (common/timestamp/bundleTimestamps, pkijs on the browser's WebCrypto). The page
 * has no root store, so no root is trusted here: a token that verifies against the
 * certificates it carries is reported with `trusted: false`, and the page says to check the
 * authority's root with openssl.
 */
export async function checkTimestampsInPage(
  scan: PageScan,
  check: PageCheck
): Promise<BundleTimestampsCheck> {
  const manifest = check.manifest
  if (manifest === null) return { problems: [], entries: [] }
  return checkBundleTimestamps(scan.files, {
    vaultId: manifest.vaultId,
    links: check.links,
    disclosed: manifest.entries.map((m) => {
      const entryJson = scan.files.get(entryJsonPath(m.seq))?.bytes
      return entryJson === undefined ? { seq: m.seq } : { seq: m.seq, entryJson }
    }),
    trustedRoots: []
  })
}
