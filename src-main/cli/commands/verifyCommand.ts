import type { MessageKey } from '../../common/i18n/translate'
import { ExitCode } from '../CliContext'
import type { Command } from '../Command'
import { unlockVault } from '../unlockVault'
import { readTsaCas } from './timestampCommands'
import { vaultFingerprint } from '../../node/services/vaultFingerprint'

export const verifyCommand: Command = {
  name: 'verify',
  usage: 'dalel verify <vault> [--json] [--tsa-ca PEM]…',
  options: { json: { type: 'boolean' }, 'tsa-ca': { type: 'string', multiple: true } },
  positionals: { min: 1, max: 1 },
  async run(ctx, { values, positionals, secrets }) {
    const trustedCas = await readTsaCas(values)
    const summary = await unlockVault(ctx, positionals[0] ?? '', secrets, { readOnly: true })
    // The key the chain was checked against, as the fingerprint every verifier shows.
    const fingerprint = vaultFingerprint(summary.publicKey)
    let report
    try {
      report = await ctx.service.verify(undefined, { trustedCas })
    } finally {
      await ctx.service.lock()
    }
    if (values.json === true) {
      ctx.stdout.write(`${JSON.stringify({ ...report, fingerprint }, null, 2)}\n`)
    } else {
      for (const p of [...report.problems, ...report.warnings]) {
        const where = [p.seq !== undefined ? `#${p.seq}` : '', p.file ?? '']
          .filter(Boolean)
          .join(' ')
        const isProblem = report.problems.includes(p)
        ctx.stdout.write(
          `${ctx.t(isProblem ? 'cli.verify.problem' : 'cli.warning')}: ${where}: ${ctx.t(`verify.${p.code}` as MessageKey)}\n`
        )
      }
      const counts = {
        entries: report.entries,
        withdrawn: report.withdrawn,
        attachments: report.attachments,
        seq: report.head?.seq ?? 0,
        chain: report.head?.chain ?? '-',
        problems: report.problems.length
      }
      ctx.stdout.write(`${ctx.t(report.ok ? 'cli.verify.ok' : 'cli.verify.failed', counts)}\n`)
      ctx.stdout.write(`${ctx.t('cli.keyFingerprint', { fingerprint })}\n`)
      if (report.timestamps !== undefined && report.timestamps.anchors > 0)
        ctx.stdout.write(
          `${ctx.t('cli.verify.timestamps', { ...report.timestamps, seq: report.timestamps.coveredSeq })}\n`
        )
    }
    return report.ok ? ExitCode.ok : ExitCode.verificationFailed
  }
}
