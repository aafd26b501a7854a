import type { MessageKey } from '../../common/i18n/translate'
import type { CliContext } from '../CliContext'
import { megabytes } from '../megabytes'
import { ExitCode } from '../CliContext'
import type { Command } from '../Command'
import { readUnlockSecret } from '../readSecret'
import { unlockVault } from '../unlockVault'

/** A progress line with bytes and time left, rewritten in place on a terminal. */
function progressPrinter(ctx: CliContext): (p: { bytesDone: number; bytesTotal: number }) => void {
  const started = Date.now()
  let lastPrinted = 0
  return ({ bytesDone, bytesTotal }) => {
    const now = Date.now()
    if (now - lastPrinted < 500 && bytesDone < bytesTotal) return
    lastPrinted = now
    const elapsed = (now - started) / 1000
    const rate = elapsed > 0 ? bytesDone / elapsed : 0
    const left = rate > 0 ? Math.ceil((bytesTotal - bytesDone) / rate) : 0
    const line = ctx.t('cli.backup.progress', {
      percent: bytesTotal === 0 ? 100 : Math.floor((bytesDone / bytesTotal) * 100),
      done: megabytes(ctx.locale, bytesDone),
      total: megabytes(ctx.locale, bytesTotal),
      seconds: left
    })
    ctx.stderr.write(ctx.stderr.isTTY === true ? `\r${line}` : `${line}\n`)
  }
}

export const backupCommand: Command = {
  name: 'backup',
  usage: 'dalel backup <vault> <target-dir>',
  options: {},
  positionals: { min: 2, max: 2 },
  async run(ctx, { positionals, secrets }) {
    const [vault = '', target = ''] = positionals
    await unlockVault(ctx, vault, secrets)
    try {
      const { custody, result } = await ctx.service.backup(target, progressPrinter(ctx))
      if (ctx.stderr.isTTY === true) ctx.stderr.write('\n')
      ctx.stderr.write(
        `${ctx.t('cli.backup.done', {
          written: result.filesWritten,
          megabytes: megabytes(ctx.locale, result.bytesWritten),
          reused: result.filesReused,
          seq: result.manifest.head.seq
        })}\n`
      )
      ctx.stdout.write(`${custody.id}\n`)
    } finally {
      await ctx.service.lock()
    }
    return ExitCode.ok
  }
}

export const restoreCommand: Command = {
  name: 'restore',
  usage: 'dalel restore <backup-dir> <new-vault>',
  options: {},
  positionals: { min: 2, max: 2 },
  async run(ctx, { positionals, secrets }) {
    const [backupDir = '', vaultDir = ''] = positionals
    const secret = await readUnlockSecret(ctx, secrets)
    try {
      const { summary, custody } = await ctx.service.restore(backupDir, vaultDir, { secret })
      ctx.stderr.write(
        `${ctx.t('cli.restore.done', { path: vaultDir, entries: summary.entries })}\n`
      )
      ctx.stdout.write(`${custody.id}\n`)
    } finally {
      await ctx.service.lock()
    }
    return ExitCode.ok
  }
}

export const verifyBackupCommand: Command = {
  name: 'verify-backup',
  usage: 'dalel verify-backup <backup-dir> [--json]',
  options: { json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, { values, positionals }) {
    const report = await ctx.service.verifyBackup(positionals[0] ?? '')
    if (values.json === true) {
      ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
    } else {
      for (const p of report.problems) {
        ctx.stdout.write(
          `${ctx.t('cli.verify.problem')}: ${p.file}: ${ctx.t(`backupProblem.${p.code}` as MessageKey)}\n`
        )
      }
      const m = report.manifest
      ctx.stdout.write(
        `${
          report.ok && m !== null
            ? ctx.t('cli.verifyBackup.ok', {
                files: report.filesChecked,
                megabytes: megabytes(ctx.locale, report.bytesChecked),
                createdAt: m.createdAt,
                seq: m.head.seq
              })
            : ctx.t('cli.verifyBackup.failed', { problems: report.problems.length })
        }\n`
      )
    }
    return report.ok ? ExitCode.ok : ExitCode.verificationFailed
  }
}
