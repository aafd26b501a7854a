import type { EntryView } from '../../common/contract/VaultApi'
import type { Clock } from '../../common/crypto/EvidenceCrypto'
import { exportBundle } from '../bundle/exportBundle'
import type {
  ExportBundleOptions,
  ExportBundleResult,
  ExportProgress
} from '../bundle/exportBundle'
import { bundleExtraFiles } from '../bundle/report/bundleExtraFiles'
import type { CaptureBrowser } from '../ports/CdpTransport'
import type { Vault } from '../vault/Vault'
import { toView } from './toView'

/**
 * Writes an evidence bundle of the chosen entries for a lawyer; exportBundle records the
 * export as a custody entry carrying the bundle's SHA-256. verify.html and report.html go
 * into every bundle, report.pdf when `browser` can print it.
 */
export async function recordExport(
  vault: Vault,
  options: ExportBundleOptions & { browser?: CaptureBrowser | null },
  deps: { clock: Clock },
  onProgress?: (progress: ExportProgress) => void
): Promise<{ custody: EntryView; bundle: Omit<ExportBundleResult, 'custody'> }> {
  const { browser = null, ...rest } = options
  const withReport = { ...rest, extraFiles: rest.extraFiles ?? bundleExtraFiles({ browser }) }
  const { custody, ...bundle } = await exportBundle(vault, withReport, {
    clock: deps.clock,
    ...(onProgress !== undefined ? { onProgress } : {})
  })
  return { custody: toView(custody), bundle }
}
