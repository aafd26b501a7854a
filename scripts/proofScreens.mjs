// The proof of issue 11 ("the journalist's workspace"): every flow's screen saved in kk, ru and
// en by the e2e/web suites, each checked by axe-core with the WCAG 2.2 A and AA rules with no
// violation. `npm test` checks it after the suites ran (scripts/run-tests.mjs), so a screen a
// suite stopped shooting, or a report a worker lost, fails the run instead of going unnoticed.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export const PROOF_LANGUAGES = ['kk', 'ru', 'en']

/** test-results/screens/<lang>-<flow>.png, at least these (issue 11, "Proof") */
export const PROOF_FLOWS = [
  'timeline',
  'timeline-filtered',
  'search',
  'entry-incident',
  'entry-capture',
  'entry-amended',
  'entry-withdrawn',
  'attach',
  'amend',
  'withdraw',
  'capture',
  'recheck',
  'export',
  'export-done',
  'verify',
  'verify-bundle',
  'backup',
  'restore',
  'settings',
  'passwd',
  'unlock'
]

/**
 * What is missing from the proof in `results` (a test-results folder): one line per screen
 * without its PNG, without its axe-core result, or with violations; none when it is complete.
 */
export function proofGaps(results) {
  const report = join(results, 'axe.json')
  if (!existsSync(report)) return [`${report} was not written`]
  const screens = JSON.parse(readFileSync(report, 'utf8')).screens ?? {}
  const gaps = []
  for (const flow of PROOF_FLOWS)
    for (const language of PROOF_LANGUAGES) {
      const name = `${language}-${flow}`
      if (!existsSync(join(results, 'screens', `${name}.png`))) gaps.push(`${name}.png is missing`)
      const violations = screens[name]
      if (violations === undefined) gaps.push(`${name}: no axe-core result`)
      else if (violations.length > 0)
        gaps.push(`${name}: ${violations.map((v) => v.id).join(', ')}`)
    }
  return gaps
}
