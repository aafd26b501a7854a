import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { TEST_CHROMIUM, suiteName } from '../fixtures/captureTestKit'
import { englishRuns } from '../fixtures/englishRuns'

/**
 * A whole session of the built CLI in Russian and in Kazakh, as a journalist and a lawyer run
 * it — record, capture, correct, export, back up, restore, verify, and the usual mistakes —
 * with every line it prints read for English left inside (issue 12 item 10).
 */
const CLI = join(process.cwd(), 'out/cli/dalel.js')
const PASSPHRASE = 'Тұз бен нан — 2026 жыл'
const ID_LINE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/m

interface Run {
  args: string[]
  code: number | null
  stdout: string
  stderr: string
}

let dir = ''
let site = ''
let closedPort = 0
const server = createServer((request, response) => {
  if (request.url === '/article') {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    response.end(
      '<!doctype html><meta charset="utf-8"><title>Мақала: сайлау</title><h1>Жёсткий разговор</h1><p>Абзац</p>'
    )
  } else {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    response.end('жоқ')
  }
})

beforeAll(async () => {
  const help = existsSync(CLI)
    ? spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout
    : ''
  if (!help.includes('dalel verify-bundle'))
    execFileSync(process.execPath, ['scripts/build-cli.mjs'])
  if (!existsSync('resources/bundle/verify.html'))
    execFileSync(process.execPath, ['scripts/build-verify-page.mjs'])
  dir = await mkdtemp(join(tmpdir(), 'dalel-languages-'))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  // A port that was just free: connecting to it is refused.
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  closedPort = (probe.address() as AddressInfo).port
  await new Promise<void>((resolve) =>
    probe.close(() => {
      resolve()
    })
  )
})
afterAll(async () => {
  server.close()
  await rm(dir, { recursive: true, force: true })
})

describe.skipIf(TEST_CHROMIUM === null)(suiteName('the CLI speaks only Russian and Kazakh'), () => {
  for (const lang of ['ru', 'kk'] as const) {
    // Both languages at once: a session unlocks its vault some 30 times with the real Argon2id.
    it.concurrent(
      `prints no English phrase in a whole ${lang} session`,
      { timeout: 900_000 },
      async ({ expect }) => {
        const runs: Run[] = []
        const home = join(dir, lang)
        const vault = join(home, 'vault')
        const env = {
          PATH: process.env.PATH ?? '',
          DALEL_PASSPHRASE: PASSPHRASE,
          DALEL_LANG: lang,
          DALEL_CHROMIUM: TEST_CHROMIUM ?? ''
        }
        async function dalel(args: string[], extra: Record<string, string> = {}): Promise<Run> {
          const child = spawn(process.execPath, [CLI, ...args], {
            env: { ...env, ...extra },
            stdio: ['ignore', 'pipe', 'pipe']
          })
          let stdout = ''
          let stderr = ''
          child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
          const code = await new Promise<number | null>((resolve) => child.once('close', resolve))
          const run = { args, code, stdout, stderr }
          runs.push(run)
          return run
        }
        const ok = async (args: string[], extra: Record<string, string> = {}) => {
          const run = await dalel(args, extra)
          expect(run.code, `${args.join(' ')}\n${run.stderr}`).toBe(0)
          return run
        }
        const fails = async (code: number, args: string[], extra: Record<string, string> = {}) => {
          const run = await dalel(args, extra)
          expect(run.code, `${args.join(' ')}\n${run.stdout}${run.stderr}`).toBe(code)
          return run
        }

        await mkdir(home, { recursive: true })
        await ok(['init', vault, '--author', 'Айгерим'])
        await ok(['note', vault, '--title', 'Звонок с угрозой', '--body', 'Жёсткий разговор'])
        await ok([
          'incident',
          vault,
          '--type',
          'search',
          '--title',
          'Тінту',
          '--place',
          'Алматы',
          '--occurred',
          '01.12.2025 10:00',
          '--official',
          'Серікбаев|капитан|ПД',
          '--present',
          'Ким А.|адвокат',
          '--seized',
          'ноутбук'
        ])
        const file = join(home, 'протокол обыска.txt')
        await writeFile(file, 'протокол\n')
        await ok(['attach', vault, file])
        const captured = await ok(['capture', vault, `${site}/article`])
        await dalel(['capture', vault, `${site}/missing`])
        await ok(['capture', vault, `http://127.0.0.1:${closedPort}/`])
        await ok(['recheck', vault, captured.stdout.trim()])
        await ok(['amend', vault, '2', '--place', 'Астана', '--reason', 'по протоколу'])
        await ok(['note', vault, '--title', 'Ошибочная', '--body', 'удалить'])
        await ok(['withdraw', vault, '9', '--reason', 'личные данные'])
        const list = await ok(['list', vault])
        // An incident, a file, a capture, a failed one, a recheck, an amendment, a withdrawal.
        for (const seq of [2, 3, 4, 6, 7, 8, 10]) await ok(['show', vault, String(seq)])
        await ok(['show', vault, '2', '--original'])
        await ok(['search', vault, 'жесткий'])
        await dalel(['search', vault, 'ничегонет'])
        await ok(['verify', vault])

        const bundle = join(home, 'пакет.zip')
        await ok(['export', vault, '--out', bundle, '--all', '--recipient', 'Адвокат Ким'])
        await fails(2, ['export', vault, '--out', bundle, '--all'])
        await ok(['export', vault, '--out', join(home, 'one.zip'), '--entries', '1'])
        await ok(['verify-bundle', bundle])
        const opened = join(home, 'opened')
        execFileSync('unzip', ['-q', bundle, '-d', opened])
        const entryJson = join(opened, 'entries', '1', 'entry.json')
        await writeFile(entryJson, (await readFile(entryJson, 'utf8')).replace('Звонок', 'Звонок!'))
        await fails(1, ['verify-bundle', opened])

        const backup = join(home, 'backup')
        await ok(['backup', vault, backup])
        await ok(['verify-backup', backup])
        const restored = join(home, 'restored')
        await ok(['restore', backup, restored])
        const restoredList = await ok(['list', restored])
        await ok(['verify', restored])

        // The mistakes people make.
        await fails(2, ['note', vault, '--title'])
        await fails(2, ['note', vault, '--title', 'x', '--bogus'])
        await fails(2, ['list', vault, '--json=yes'])
        await fails(2, ['note', vault, '--title', 'x', '--occurred', 'вчера'])
        await fails(2, [
          'incident',
          vault,
          '--type',
          'search',
          '--title',
          'x',
          '--official',
          'a|b|c|d'
        ])
        await fails(2, ['incident', vault, '--type', 'nope', '--title', 'x'])
        await fails(2, ['frobnicate', vault])
        await fails(2, ['note'])
        await fails(3, ['list', vault], { DALEL_PASSPHRASE: 'не тот пароль' })
        await fails(4, ['list', join(home, 'no-such-vault')])
        await fails(4, ['show', vault, '999'])
        await fails(4, ['init', vault])
        await fails(2, ['capture', vault, 'ftp://example.org/'])
        const copy = join(home, 'copy.zip')
        await copyFile(bundle, copy)
        await fails(2, ['export', vault, '--out', copy, '--all'])

        await ok(['--help'])
        for (const name of [...(await ok(['--help'])).stdout.matchAll(/^ {2}dalel ([a-z-]+)/gm)])
          await ok([name[1] ?? '', '--help'])

        // Custody entries read in the reader's language: export, backup and restore.
        const word = {
          ru: ['Экспорт →', 'Резервная копия →', 'Восстановление ←'],
          kk: ['Экспорт →', 'Сақтық көшірме →', 'Қалпына келтіру ←']
        }[lang]
        const after = (await ok(['list', vault])).stdout
        expect(after).toContain(word[0])
        expect(after).toContain(word[1])
        expect(list.stdout).not.toContain('→')
        expect(restoredList.stdout).toContain(word[2])

        // What the pages sent is evidence, quoted as it came (headers, the browser's user agent);
        // --json is for programs, its keys are English by design. Everything else is translated.
        const all = (
          JSON.parse((await ok(['list', vault, '--json'])).stdout) as {
            entries: {
              entry: {
                kind: string
                payload: { userAgent?: string; responseHeaders?: { name: string; value: string }[] }
              } | null
            }[]
          }
        ).entries
        const verbatim = all.flatMap((view) =>
          view.entry?.kind === 'web-capture'
            ? [
                view.entry.payload.userAgent ?? '',
                ...(view.entry.payload.responseHeaders ?? []).map((h) => `${h.name}: ${h.value}`)
              ]
            : []
        )
        const english = runs
          .filter((run) => !run.args.includes('--json'))
          .flatMap((run) =>
            englishRuns(`${run.stdout}\n${run.stderr}`, verbatim).map(
              (found) => `dalel ${run.args.join(' ')}:  ${found}`
            )
          )
        expect(english).toEqual([])
        expect(runs.filter((run) => ID_LINE.test(run.stdout)).length).toBeGreaterThan(10)
      }
    )
  }
})
