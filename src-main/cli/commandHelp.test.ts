import { describe, expect, it } from 'vitest'
import { ENTRY_KINDS, INCIDENT_TYPES } from '../common/entry/Entry'
import type { Locale } from '../common/i18n/translate'
import { isMessageKey, translate } from '../common/i18n/translate'
import { COMMANDS } from './runCli'
import { runCliCaptured } from './testing/runCliCaptured'

/** Issue 12 item 11 and issue 10's gaps: `--help` per command, and syntax in ru and kk. */
function dalel(lang: Locale, argv: string[]) {
  return runCliCaptured(argv, { DALEL_LANG: lang })
}

const LANGS = ['en', 'ru', 'kk'] as const
/** The placeholders of the usage lines as the code writes them, in English. */
const ENGLISH_PLACEHOLDERS =
  /<(vault|file|url|id|query|target-dir|backup-dir|new-vault)>|\b(NAME|POSITION|UNIT|ROLE|TYPE|ISO|PATH|ID|T|B|F|X|S|N|K|R|P)\b/

describe('dalel <command> --help', () => {
  for (const lang of LANGS) {
    it(`lists every option of every command with a line saying what it does, in ${lang}`, async () => {
      for (const command of COMMANDS) {
        const help = await dalel(lang, [command.name, '--help'])
        expect(help.code, command.name).toBe(0)
        const lines = help.stdout.split('\n')
        for (const option of Object.keys(command.options)) {
          const own = `cli.option.${command.name}.${option}`
          const key = isMessageKey(own) ? own : `cli.option.${option}`
          expect(isMessageKey(key), `${command.name} --${option}: no ${key}`).toBe(true)
          const description = translate(lang, key as Parameters<typeof translate>[1])
          const line = lines.find((l) => l.trimStart().startsWith(`--${option} `))
          expect(line, `${command.name} --${option}`).toBeDefined()
          expect(line?.trimEnd().endsWith(description), `${command.name}: ${line}`).toBe(true)
          if (lang !== 'en')
            expect(description, key).not.toBe(
              translate('en', key as Parameters<typeof translate>[1])
            )
        }
      }
    })
  }

  it('says in one line what each command does, in dalel --help and its own --help, in each language', async () => {
    for (const lang of LANGS) {
      const all = (await dalel(lang, ['--help'])).stdout.split('\n')
      for (const command of COMMANDS) {
        const key = `cli.summary.${command.name}`
        expect(isMessageKey(key), `no ${key}`).toBe(true)
        const summary = translate(lang, key as Parameters<typeof translate>[1])
        // right under the command's usage line
        const usage = all.findIndex((line) => line.startsWith(`  dalel ${command.name} `))
        expect(usage, command.name).toBeGreaterThan(0)
        expect(all[usage + 1], command.name).toBe(`      ${summary}`)
        if (lang !== 'en')
          expect(summary, key).not.toBe(translate('en', key as Parameters<typeof translate>[1]))
        const own = (await dalel(lang, [command.name, '--help'])).stdout.split('\n')
        expect(own[1], command.name).toBe(summary)
      }
      expect(all).toContain(translate(lang, 'cli.help.more'))
    }
  })

  it('lists the incident types with their names for incident and amend, in each language', async () => {
    for (const lang of LANGS) {
      for (const name of ['incident', 'amend']) {
        const help = (await dalel(lang, [name, '--help'])).stdout
        if (lang === 'en') continue
        for (const type of INCIDENT_TYPES)
          expect(help).toContain(`${type} (${translate(lang, `incident.${type}`)})`)
      }
    }
    // In English a name that is the word itself is not said twice ("search (search)").
    for (const name of ['incident', 'amend']) {
      const english = (await dalel('en', [name, '--help'])).stdout
      expect(english).toContain(
        'Incident types (--type): search, detention, interrogation, threat, physical-attack, ' +
          'account-takedown, content-removal, ddos (DDoS attack), website-block, legal-action, other.'
      )
    }
    const note = (await dalel('en', ['note', '--help'])).stdout
    expect(note).not.toContain('physical-attack')
  })

  it('says the syntax with its placeholders in Russian and Kazakh', async () => {
    const incident = {
      ru: '--official "ИМЯ|ДОЛЖНОСТЬ|ПОДРАЗДЕЛЕНИЕ"',
      kk: '--official "АТЫ|ЛАУАЗЫМЫ|БӨЛІМШЕ"'
    }
    for (const lang of ['ru', 'kk'] as const) {
      const all = (await dalel(lang, ['--help'])).stdout
      const usages = all.split('\n').filter((line) => line.startsWith('  dalel '))
      expect(usages).toHaveLength(COMMANDS.length)
      for (const usage of usages) expect(usage).not.toMatch(ENGLISH_PLACEHOLDERS)
      for (const command of COMMANDS) {
        // The usage line and each option's syntax; the descriptions may name PATH, the variable.
        const [usage = '', ...rest] = (await dalel(lang, [command.name, '--help'])).stdout.split(
          '\n'
        )
        const syntax = rest.flatMap((line) =>
          line.startsWith('  --') ? [line.trim().split(/ {2,}/)[0] ?? ''] : []
        )
        for (const text of [usage, ...syntax])
          expect(text, command.name).not.toMatch(ENGLISH_PLACEHOLDERS)
      }
      expect((await dalel(lang, ['incident', '--help'])).stdout).toContain(incident[lang])
    }
    // English keeps the syntax as DESIGN writes it.
    expect((await dalel('en', ['--help'])).stdout).toContain(
      'dalel incident <vault> --type TYPE --title T'
    )
  })

  it('says a usage mistake with the syntax in the reader’s language', async () => {
    const missing = await dalel('kk', ['note'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('dalel note <қойма> --title МӘТІН')
    const parts = await dalel('ru', [
      'incident',
      '/nonexistent',
      '--type',
      'search',
      '--title',
      'x',
      '--official',
      'a|b|c|d'
    ])
    expect(parts.code).toBe(2)
    expect(parts.stderr).toContain('ИМЯ|ДОЛЖНОСТЬ|ПОДРАЗДЕЛЕНИЕ')
    expect(parts.stderr).not.toMatch(ENGLISH_PLACEHOLDERS)
  })

  it('names each entry kind in the reader’s language when --kind is wrong', async () => {
    for (const lang of ['ru', 'kk'] as const) {
      const wrong = await dalel(lang, ['list', '/nonexistent', '--kind', 'photo'])
      expect(wrong.code).toBe(2)
      for (const kind of ENTRY_KINDS)
        expect(wrong.stderr).toContain(`${kind} (${translate(lang, `kind.${kind}`)})`)
    }
  })
})
