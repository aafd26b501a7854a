import type { VaultProblemCode } from '../../common/chain/vaultProblemCodes'
import { authorityName } from '../../common/timestamp/anchorCoverage'
import { headStatementBytes } from '../../common/timestamp/headStatement'
import { fromBase64 } from '../../common/timestamp/pem'
import { checkStoredToken } from '../../common/timestamp/verifyTimeStampResponse'
import type { Vault } from '../vault/Vault'
import type { VerifyProblem, VerifyReport } from '../vault/verifyVault'
import { trustedTsaRoots } from './trustedTsaRoots'
import { timestampingSetting } from './timestampVault'

export interface AnchorsReport {
  anchors: number
  tokens: number
  /** the highest seq a verified token covers (0: none) */
  coveredSeq: number
  problems: VerifyProblem[]
  warnings: VerifyProblem[]
}

/**
 * Checks every timestamp anchor in the vault as its tokens were checked on receipt: the
 * covered chain hash against the vault's own, each token against the head statement, the
 * roots (the system's, the setting's, and `trustedCas`) and the covered entry's recordedAt.
 * A token that is intact but whose root is not trusted here is a warning, not tampering.
 */
export async function verifyAnchors(
  vault: Vault,
  options: { trustedCas?: readonly string[] } = {}
): Promise<AnchorsReport> {
  const report: AnchorsReport = { anchors: 0, tokens: 0, coveredSeq: 0, problems: [], warnings: [] }
  const roots = trustedTsaRoots([
    ...timestampingSetting(vault).trustedCas,
    ...(options.trustedCas ?? [])
  ])
  for (const stored of vault.list({ kinds: ['anchor'] }).reverse()) {
    const entry = stored.entry
    if (entry?.kind !== 'anchor' || entry.payload.action !== 'timestamp') continue
    report.anchors += 1
    const { covered, tokens } = entry.payload
    const problem = (code: VaultProblemCode, detail: string): void => {
      report.problems.push({ seq: stored.seq, code, detail })
    }
    if (covered.seq >= stored.seq) {
      problem('anchor-covers-later', `the anchor covers #${covered.seq}, which comes after it`)
      continue
    }
    const head = vault.get(covered.seq)
    if (head.link.chain !== covered.chain) {
      problem(
        'anchor-chain-mismatch',
        `the chain hash of #${covered.seq} differs from the anchor's`
      )
      continue
    }
    const statement = headStatementBytes({ vaultId: vault.vaultId, ...covered })
    let verified = false
    for (const token of tokens) {
      report.tokens += 1
      let der: Uint8Array
      try {
        der = fromBase64(token.response)
      } catch {
        problem('token-malformed', `${authorityName(token)}: not base64`)
        continue
      }
      const check = await checkStoredToken(der, {
        statement,
        trustedRoots: roots,
        notBefore: head.recordedAt
      })
      if (check.status === 'failed') {
        problem(check.code, `${authorityName(token)}: ${check.detail}`)
        continue
      }
      if (check.facts.genTime !== token.genTime)
        problem(
          'anchor-gentime-mismatch',
          `${authorityName(token)}: genTime ${check.facts.genTime}`
        )
      if (check.status === 'root-not-trusted')
        report.warnings.push({
          seq: stored.seq,
          code: 'token-root-not-trusted',
          detail: `${authorityName(token)}: ${check.facts.signer}`
        })
      verified = true
    }
    if (verified) report.coveredSeq = Math.max(report.coveredSeq, covered.seq)
  }
  return report
}

/** The vault's report with the anchors' problems, warnings and counts added. */
export function withAnchors(report: VerifyReport, anchors: AnchorsReport): VerifyReport {
  return {
    ...report,
    ok: report.ok && anchors.problems.length === 0,
    problems: [...report.problems, ...anchors.problems],
    warnings: [...report.warnings, ...anchors.warnings],
    timestamps: { anchors: anchors.anchors, tokens: anchors.tokens, coveredSeq: anchors.coveredSeq }
  }
}
