import type { BundleCheckView } from '../../common/contract/DalelApi'
import type { BundleReport } from '../bundle/verifyBundle'
import { vaultFingerprint } from './vaultFingerprint'

/**
 * A bundle check as the app shows it: the verdict, what the manifest says with the key's
 * fingerprint (the lawyer compares it with the one the journalist read out), each problem by
 * code, and the timestamps. Plain data, so it crosses IPC.
 */
export function bundleCheckView(report: BundleReport): BundleCheckView {
  const m = report.manifest
  return {
    ok: report.ok && m !== null,
    manifest:
      m === null
        ? null
        : {
            created: m.created,
            exporter: m.exporter,
            recipient: m.recipient,
            purpose: m.purpose,
            head: { seq: m.head.seq, chain: m.head.chain },
            fingerprint: vaultFingerprint(m.publicKey),
            entries: m.entries.map((e) => ({
              seq: e.seq,
              id: e.id,
              kind: e.kind,
              files: e.files.filter((file) => file.attachment !== undefined).length,
              attachments: report.attachmentNames
                .filter((a) => a.seq === e.seq)
                .map(({ path, name }) => ({ path, name }))
            }))
          },
    verified: [...report.entries],
    files: report.files,
    problems: report.problems.map((p) => ({
      code: p.code,
      detail: p.detail,
      ...(p.file !== undefined ? { file: p.file } : {}),
      ...(p.seq !== undefined ? { seq: p.seq } : {})
    })),
    timestamps: report.timestamps.map(({ seq, timestamp }) => ({
      seq,
      timestamp:
        timestamp === null
          ? null
          : {
              coveredSeq: timestamp.coveredSeq,
              genTime: timestamp.genTime,
              authority: timestamp.authority,
              trusted: timestamp.trusted
            }
    }))
  }
}
