import type { BundleLimits } from '../src-main/common/bundle/bundleLayout'
import { BUNDLE_LIMITS } from '../src-main/common/bundle/bundleLayout'
import type { BundleProblem } from '../src-main/common/bundle/ScannedBundle'
import type { BundleFile, ByteSource } from './BundleFile'
import { checkBundleInPage } from './checkBundleInPage'
import { checkTimestampsInPage } from './checkTimestampsInPage'
import { openZip } from './openZip'
import type { PageReport } from './pageReport'
import { pageReport } from './pageReport'
import { scanBundleFiles } from './scanBundleFiles'
import { webCryptoEd25519 } from './webCryptoEd25519'

export interface VerifyInPageDeps {
  subtle: typeof globalThis.crypto.subtle
  onProgress?: (done: number, total: number) => void
  /** tests lower them to refuse a bomb quickly; the page uses FORMATS' limits */
  limits?: BundleLimits
}

/** Verifies a bundle given as its files (a picked folder), with problems found listing them. */
export async function verifyFilesInPage(
  files: readonly BundleFile[],
  listingProblems: readonly BundleProblem[],
  deps: VerifyInPageDeps
): Promise<PageReport> {
  const limits = deps.limits ?? BUNDLE_LIMITS
  const scan = await scanBundleFiles(files, limits, deps.onProgress)
  scan.problems.unshift(...listingProblems)
  for (const p of listingProblems)
    if (p.file !== undefined && p.code !== 'too-many-entries') scan.refused.add(p.file)
  const check = await checkBundleInPage(scan, (key) => webCryptoEd25519(deps.subtle, key))
  return pageReport(scan, check, await checkTimestampsInPage(scan, check))
}

/** Verifies a bundle zip, read slice by slice from `source`. */
export async function verifyZipInPage(
  source: ByteSource,
  zipName: string,
  deps: VerifyInPageDeps
): Promise<PageReport> {
  const limits = deps.limits ?? BUNDLE_LIMITS
  const zip = await openZip(source, zipName, limits)
  const scan = await scanBundleFiles(zip.files, limits, deps.onProgress)
  scan.problems.unshift(...zip.problems)
  for (const path of zip.refused) scan.refused.add(path)
  const check = await checkBundleInPage(scan, (key) => webCryptoEd25519(deps.subtle, key))
  return pageReport(scan, check, await checkTimestampsInPage(scan, check))
}
