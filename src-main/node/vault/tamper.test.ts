import { createHash } from 'node:crypto'
import {
  appendFile,
  cp,
  readFile,
  readdir,
  rename,
  rm,
  truncate,
  writeFile
} from 'node:fs/promises'
import { join, relative } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// The CLI's exit codes and its one line on stderr for a damaged vault are part of what this
// suite checks; calling runCli in-process spares a build. Nothing in node/ itself uses the CLI.
import { runCli } from '../../cli/runCli'
import { canonicalJson } from '../../common/encoding/canonicalJson'
import { DalelError } from '../../common/errors/DalelError'
import { fileHashes } from '../testing/fileHashes'
import { TEST_PASSPHRASE, createTestVault, steppingClock, tempDir } from '../testing/testVault'
import { JOURNAL_FILE, SNAPSHOT_FILE, VAULT_FILE, Vault } from './Vault'
import type { UnlockSecret, VaultNotice } from './Vault'
import type { VerifyReport } from './verifyVault'

/**
 * Tampering: a flipped byte, a truncated file, appended garbage, swapped or missing blobs, an
 * older snapshot put back, a journal from another vault. Each must end in a DalelError that
 * names the file, or in a failed verify that names the file or the seq; never in a crash,
 * never in a silent ok. The one exception the format allows is a journal cut inside its last
 * record(s), which is what a crash mid-append leaves: it is dropped and reported as a warning.
 */

const REFUSAL_CODES = ['vault-corrupt', 'vault-rolled-back', 'unsupported-version']
const JOURNAL_HEADER_BYTES = 16

type Outcome =
  | { kind: 'refused'; error: DalelError }
  | {
      kind: 'opened'
      report: VerifyReport
      ids: string[]
      notices: readonly VaultNotice[]
    }

/** The pristine vault every case starts from: entries in snapshot.bin and in journal.bin. */
interface Pristine {
  dir: string
  recoveryCode: string
  /** entry ids by seq, oldest first */
  ids: string[]
  /** vault-relative paths of the two attachments' blobs, by the seq that holds them */
  blobs: Map<number, string>
  /** byte ranges of journal.bin's records, header excluded */
  journalRecords: { start: number; end: number }[]
  /** how many entries live in snapshot.bin (the rest are journal records) */
  inSnapshot: number
}

let root: { path: string; remove: () => Promise<void> }
let pristine: Pristine
let caseCounter = 0

beforeAll(async () => {
  root = await tempDir('dalel-tamper-')
  pristine = await buildPristineVault(join(root.path, 'pristine'), root.path)
})

afterAll(async () => {
  await root.remove()
})

async function buildPristineVault(dir: string, scratch: string): Promise<Pristine> {
  const { vault, recoveryCode } = await createTestVault(dir)
  await vault.append({
    kind: 'note',
    title: 'Обыск в редакции',
    payload: { body: 'Пришли в 6 утра, изъяли ноутбуки.' }
  })
  await vault.append({
    kind: 'incident',
    title: 'Задержание у здания суда',
    payload: {
      type: 'detention',
      place: 'Алматы',
      officials: [{ name: 'Ибраев', position: 'капитан', unit: 'ДП' }],
      lawyersRefused: ['Ким']
    }
  })
  // Three 64 KiB chunks and a short last one, so "the middle" is a chunk of its own.
  const protocol = join(scratch, 'protocol.bin')
  await writeFile(protocol, patternedBytes(200_000, 'protocol'))
  const blobsBefore = await listBlobs(dir)
  await vault.append({ kind: 'file', title: 'Протокол обыска', payload: {} }, [{ path: protocol }])
  const blobA = newBlob(blobsBefore, await listBlobs(dir))
  const doomed = await vault.append({
    kind: 'note',
    title: 'Имя источника',
    payload: { body: 'Айгерим, +7 701 555 0199' }
  })
  // A withdrawal compacts; the explicit compaction then leaves an empty journal of the next
  // generation, so everything so far lives in snapshot.bin only.
  await vault.append({
    kind: 'withdrawal',
    title: 'Изъятие',
    payload: { target: { seq: doomed.seq, id: doomed.id }, reason: 'источник в опасности' }
  })
  await vault.compact()
  const inSnapshot = vault.count()
  await vault.append({ kind: 'note', title: 'Звонок из ДП', payload: { body: 'Угрожали.' } })
  const letter = join(scratch, 'letter.txt')
  await writeFile(letter, 'Письмо с угрозами, другой файл.\n'.repeat(400))
  const blobsMiddle = await listBlobs(dir)
  await vault.append({ kind: 'file', title: 'Письмо', payload: {} }, [{ path: letter }])
  const blobB = newBlob(blobsMiddle, await listBlobs(dir))
  await vault.append({ kind: 'note', title: 'Повторный вызов', payload: { body: 'На 10:00.' } })
  const ids = vault
    .list()
    .map((e) => e.id)
    .reverse()
  await vault.close()

  const report = await openAndVerify(dir, { recoveryCode })
  if (report.kind !== 'opened' || !report.report.ok || report.report.warnings.length > 0)
    throw new Error('the pristine vault does not verify cleanly')
  return {
    dir,
    recoveryCode,
    ids,
    blobs: new Map([
      [3, blobA],
      [7, blobB]
    ]),
    journalRecords: journalLayout(await readFile(join(dir, JOURNAL_FILE))),
    inSnapshot
  }
}

/** Deterministic bytes that differ per label, so no two test files share content. */
function patternedBytes(length: number, label: string): Buffer {
  const out = Buffer.alloc(length)
  let block = createHash('sha256').update(label).digest()
  for (let offset = 0; offset < length; offset += block.length) {
    block.copy(out, offset)
    block = createHash('sha256').update(block).digest()
  }
  return out
}

async function listBlobs(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(join(dir, 'blobs'), { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(relative(dir, join(entry.parentPath, entry.name)))
  }
  return out.sort()
}

function newBlob(before: readonly string[], after: readonly string[]): string {
  const added = after.filter((name) => !before.includes(name))
  if (added.length !== 1 || added[0] === undefined)
    throw new Error(`expected one new blob: ${added.join()}`)
  return added[0]
}

/** Reads journal.bin's framing (length | ~length | body) without decrypting anything. */
function journalLayout(bytes: Buffer): { start: number; end: number }[] {
  const records: { start: number; end: number }[] = []
  let offset = JOURNAL_HEADER_BYTES
  while (offset < bytes.length) {
    const end = offset + 8 + bytes.readUInt32BE(offset)
    records.push({ start: offset, end })
    offset = end
  }
  if (offset !== bytes.length) throw new Error('the pristine journal has a torn tail')
  return records
}

/** A fresh copy of the pristine vault, for one case to damage. */
async function freshCopy(): Promise<string> {
  const dir = join(root.path, `case-${++caseCounter}`)
  await cp(pristine.dir, dir, { recursive: true })
  return dir
}

/**
 * Opens read-only and verifies. A DalelError from open is an outcome; any other exception
 * propagates and fails the test, as does an exception from verify.
 */
async function openAndVerify(dir: string, secret: UnlockSecret): Promise<Outcome> {
  let vault: Vault
  try {
    vault = await Vault.open(dir, secret, { readOnly: true }, { clock: steppingClock() })
  } catch (error) {
    if (error instanceof DalelError) return { kind: 'refused', error }
    throw error
  }
  try {
    const report = await vault.verify()
    const ids = vault
      .list()
      .map((e) => e.id)
      .reverse()
    return { kind: 'opened', report, ids, notices: vault.notices }
  } finally {
    await vault.close()
  }
}

/**
 * Damages a fresh copy, opens and verifies it with the recovery code (an unwrap without
 * Argon2id, so fifty cases stay fast; the passphrase path differs only before the unwrap and
 * is taken by the CLI and foreign-journal cases), and checks that opening changed nothing.
 */
async function tamperAndOpen(damage: (dir: string) => Promise<void>): Promise<Outcome> {
  const dir = await freshCopy()
  await damage(dir)
  const before = await fileHashes(dir)
  const outcome = await openAndVerify(dir, { recoveryCode: pristine.recoveryCode })
  expect(await fileHashes(dir), 'a read-only open must not write').toEqual(before)
  await rm(dir, { recursive: true, force: true })
  return outcome
}

/** As tamperAndOpen, but unlocking with the passphrase (Argon2id and the passphrase wrap). */
async function tamperAndOpenWithPassphrase(damage: (dir: string) => Promise<void>) {
  const dir = await freshCopy()
  await damage(dir)
  return openAndVerify(dir, { passphrase: TEST_PASSPHRASE })
}

function expectRefused(outcome: Outcome, file: string): DalelError {
  if (outcome.kind !== 'refused') {
    throw new Error(
      `expected a refusal naming ${file}, but the vault opened: ${JSON.stringify(outcome.report)}`
    )
  }
  expect(REFUSAL_CODES).toContain(outcome.error.code)
  if (outcome.error.code !== 'unsupported-version') expect(outcome.error.params.file).toBe(file)
  return outcome.error
}

function expectFailedVerify(outcome: Outcome, where: { file: string; seq: number }): void {
  if (outcome.kind !== 'opened')
    throw new Error(`expected a failed verify, but open refused: ${outcome.error.message}`)
  expect(outcome.report.ok).toBe(false)
  expect(outcome.report.problems).toContainEqual(
    expect.objectContaining({ file: where.file, seq: where.seq })
  )
}

/**
 * A journal cut at `cut`: the vault opens with the records wholly before the cut, and the cut
 * one is reported, not silently dropped.
 */
function expectTornJournal(outcome: Outcome, cut: number): void {
  const kept = pristine.journalRecords.filter((r) => r.end <= cut).length
  const lastKeptEnd = pristine.journalRecords[kept - 1]?.end ?? JOURNAL_HEADER_BYTES
  expect(cut, 'the cut must fall inside a record for this case').toBeGreaterThan(lastKeptEnd)
  if (outcome.kind !== 'opened')
    throw new Error(`expected a torn-tail warning, but open refused: ${outcome.error.message}`)
  const dropped = pristine.journalRecords.length - kept
  expect(dropped).toBeGreaterThan(0)
  expect(outcome.ids).toEqual(pristine.ids.slice(0, pristine.ids.length - dropped))
  expect(outcome.report.entries).toBe(pristine.ids.length - dropped)
  expect(outcome.report.problems).toEqual([])
  expect(outcome.report.warnings).toContainEqual(
    expect.objectContaining({ code: 'torn-journal-tail', file: JOURNAL_FILE })
  )
  expect(outcome.notices).toContainEqual({
    code: 'torn-journal-tail',
    params: { bytes: cut - lastKeptEnd }
  })
}

async function flipByte(path: string, position: (size: number) => number): Promise<void> {
  const bytes = await readFile(path)
  const at = position(bytes.length)
  bytes.writeUInt8((bytes[at] ?? 0) ^ 0xff, at)
  await writeFile(path, bytes)
}

async function cutTo(path: string, length: (size: number) => number): Promise<number> {
  const size = (await readFile(path)).length
  const to = length(size)
  await truncate(path, to)
  return to
}

type Target = 'vault.json' | 'snapshot.bin' | 'journal.bin' | 'blob of #3' | 'blob of #7'

function targetFile(target: Target): { file: string; seq?: number } {
  switch (target) {
    case 'blob of #3':
      return { file: pristine.blobs.get(3) ?? '', seq: 3 }
    case 'blob of #7':
      return { file: pristine.blobs.get(7) ?? '', seq: 7 }
    default:
      return { file: target }
  }
}

/** vault.json, snapshot.bin and journal.bin are read at open; blobs only by verify. */
function expectDamageFound(outcome: Outcome, target: Target): void {
  const { file, seq } = targetFile(target)
  if (seq === undefined) expectRefused(outcome, file)
  else expectFailedVerify(outcome, { file, seq })
}

const half = (size: number) => Math.floor(size / 2)
const last = (size: number) => size - 1

/** Header positions per file: magic, version/purpose byte, generation, file nonce. */
const HEADER_POSITIONS: Record<Target, number[]> = {
  'vault.json': [0, 30],
  'snapshot.bin': [0, 7, 15, 40],
  'journal.bin': [0, 6, 7, 15],
  'blob of #3': [0, 7, 15, 40],
  'blob of #7': [0, 7, 15, 40]
}
const TARGETS = Object.keys(HEADER_POSITIONS) as Target[]

describe('Tampering with each vault file', () => {
  for (const target of TARGETS) {
    describe(target, () => {
      const flips: [string, (size: number) => number][] = [
        ...HEADER_POSITIONS[target].map((at): [string, (size: number) => number] => [
          `header byte ${at}`,
          () => at
        ]),
        ['the middle byte', half],
        ['the last byte', last]
      ]
      for (const [where, position] of flips) {
        it(`reports a byte flipped at ${where}`, async () => {
          const outcome = await tamperAndOpen((dir) =>
            flipByte(join(dir, targetFile(target).file), position)
          )
          expectDamageFound(outcome, target)
        })
      }

      it('reports the file truncated to nothing', async () => {
        const outcome = await tamperAndOpen(async (dir) => {
          await truncate(join(dir, targetFile(target).file), 0)
        })
        expectDamageFound(outcome, target)
      })

      if (target === 'journal.bin') {
        it('drops and reports the records cut off when the journal is halved', async () => {
          let cut = 0
          const outcome = await tamperAndOpen(async (dir) => {
            cut = await cutTo(join(dir, JOURNAL_FILE), half)
          })
          expectTornJournal(outcome, cut)
        })

        it('drops and reports the last record when the journal loses its last byte', async () => {
          let cut = 0
          const outcome = await tamperAndOpen(async (dir) => {
            cut = await cutTo(join(dir, JOURNAL_FILE), last)
          })
          expectTornJournal(outcome, cut)
          if (outcome.kind === 'opened') expect(outcome.ids).toHaveLength(pristine.ids.length - 1)
        })

        it('reports a few bytes appended after the last record as a torn tail, dropping no entry', async () => {
          const outcome = await tamperAndOpen((dir) =>
            appendFile(join(dir, JOURNAL_FILE), Buffer.from([1, 2, 3, 4, 5]))
          )
          if (outcome.kind !== 'opened') throw new Error(outcome.error.message)
          expect(outcome.ids).toEqual(pristine.ids)
          expect(outcome.report.warnings).toContainEqual(
            expect.objectContaining({ code: 'torn-journal-tail', file: JOURNAL_FILE })
          )
        })
      } else if (target === 'vault.json') {
        it('reports the file cut in half', async () => {
          const outcome = await tamperAndOpen(async (dir) => {
            await cutTo(join(dir, VAULT_FILE), half)
          })
          expectDamageFound(outcome, target)
        })

        it('reports the file cut before its closing brace', async () => {
          const outcome = await tamperAndOpen(async (dir) => {
            await cutTo(join(dir, VAULT_FILE), (size) => size - 2)
          })
          expectDamageFound(outcome, target)
        })

        it('opens unchanged when only the trailing newline is cut (formatting is not content)', async () => {
          // The checksum and the key wraps cover the header's JCS, not its layout: losing the
          // final "\n" changes no field, so this is the one cut that is rightly not an error.
          const outcome = await tamperAndOpen(async (dir) => {
            const text = await readFile(join(dir, VAULT_FILE), 'utf8')
            expect(text.endsWith('}\n')).toBe(true)
            await cutTo(join(dir, VAULT_FILE), last)
          })
          if (outcome.kind !== 'opened') throw new Error(outcome.error.message)
          expect(outcome.report.ok).toBe(true)
          expect(outcome.ids).toEqual(pristine.ids)
        })
      } else {
        it('reports the file cut in half', async () => {
          const outcome = await tamperAndOpen(async (dir) => {
            await cutTo(join(dir, targetFile(target).file), half)
          })
          expectDamageFound(outcome, target)
        })

        it('reports the file missing its last byte', async () => {
          const outcome = await tamperAndOpen(async (dir) => {
            await cutTo(join(dir, targetFile(target).file), last)
          })
          expectDamageFound(outcome, target)
        })
      }

      it('reports garbage appended to the file', async () => {
        const outcome = await tamperAndOpen((dir) =>
          appendFile(join(dir, targetFile(target).file), patternedBytes(37, 'garbage'))
        )
        expectDamageFound(outcome, target)
      })
    })
  }
})

describe('Tampering across files', () => {
  it('reports two swapped blobs as blob-mismatch at both seqs', async () => {
    const a = pristine.blobs.get(3) ?? ''
    const b = pristine.blobs.get(7) ?? ''
    const outcome = await tamperAndOpen(async (dir) => {
      await rename(join(dir, a), join(dir, `${a}.tmp`))
      await rename(join(dir, b), join(dir, a))
      await rename(join(dir, `${a}.tmp`), join(dir, b))
    })
    if (outcome.kind !== 'opened') throw new Error(outcome.error.message)
    expect(outcome.report.ok).toBe(false)
    expect(outcome.report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'blob-mismatch', seq: 3, file: a }),
        expect.objectContaining({ code: 'blob-mismatch', seq: 7, file: b })
      ])
    )
  })

  it('reports a deleted blob as blob-missing at its seq', async () => {
    const b = pristine.blobs.get(7) ?? ''
    const outcome = await tamperAndOpen((dir) => rm(join(dir, b)))
    if (outcome.kind !== 'opened') throw new Error(outcome.error.message)
    expect(outcome.report.ok).toBe(false)
    expect(outcome.report.problems).toEqual([
      expect.objectContaining({ code: 'blob-missing', seq: 7, file: b })
    ])
  })

  it('refuses an older snapshot.bin put back after a compaction as vault-rolled-back', async () => {
    const dir = await freshCopy()
    const vault = await Vault.open(
      dir,
      { recoveryCode: pristine.recoveryCode },
      {},
      { clock: steppingClock() }
    )
    const older = await readFile(join(dir, SNAPSHOT_FILE))
    await vault.compact()
    await vault.close()
    await writeFile(join(dir, SNAPSHOT_FILE), older)

    const outcome = await openAndVerify(dir, { recoveryCode: pristine.recoveryCode })
    const error = expectRefused(outcome, SNAPSHOT_FILE)
    expect(error.code).toBe('vault-rolled-back')
    // Opening for writing refuses too, and leaves the journal as it was.
    const journal = await readFile(join(dir, JOURNAL_FILE))
    await expect(
      Vault.open(dir, { recoveryCode: pristine.recoveryCode }, {}, { clock: steppingClock() })
    ).rejects.toMatchObject({ code: 'vault-rolled-back', params: { file: SNAPSHOT_FILE } })
    expect(await readFile(join(dir, JOURNAL_FILE))).toEqual(journal)
  })

  it('refuses a journal.bin taken from another vault with the same passphrase', async () => {
    const otherDir = join(root.path, 'other-vault')
    const { vault: other } = await createTestVault(otherDir)
    await other.append({ kind: 'note', title: 'Чужая запись', payload: {} })
    await other.append({ kind: 'note', title: 'Ещё одна', payload: {} })
    await other.close()

    const outcome = await tamperAndOpenWithPassphrase(async (dir) => {
      await cp(join(otherDir, JOURNAL_FILE), join(dir, JOURNAL_FILE))
    })
    const error = expectRefused(outcome, JOURNAL_FILE)
    expect(error.code).toBe('vault-corrupt')
  })
})

describe('A vault.json edited by hand', () => {
  async function editHeader(edit: (text: string) => string): Promise<Outcome> {
    return tamperAndOpen(async (dir) => {
      const path = join(dir, VAULT_FILE)
      await writeFile(path, edit(await readFile(path, 'utf8')))
    })
  }

  /** The checksum is a plain SHA-256 (it catches accidents, not edits): anyone can redo it. */
  function withChecksum(header: Record<string, unknown>): string {
    const rest = { ...header }
    delete rest.checksum
    const checksum = createHash('sha256').update(canonicalJson(rest)).digest('hex')
    return `${JSON.stringify({ ...rest, checksum }, null, 2)}\n`
  }

  it('reports one changed byte that turns the memlimit into an overflowing number', async () => {
    // "67108864" → "6e108864": one byte, still valid JSON, but the number is Infinity.
    const outcome = await editHeader((text) => {
      expect(text).toContain('"memlimit": 67108864')
      return text.replace('"memlimit": 67108864', '"memlimit": 6e108864')
    })
    expectRefused(outcome, VAULT_FILE)
  })

  it('refuses a newer format version, even with a recomputed checksum', async () => {
    const outcome = await editHeader((text) =>
      withChecksum({ ...(JSON.parse(text) as Record<string, unknown>), version: 2 })
    )
    expect(expectRefused(outcome, VAULT_FILE).code).toBe('unsupported-version')
  })

  it('refuses a KDF memlimit beyond what Argon2id takes, with a recomputed checksum', async () => {
    // Only the passphrase path runs Argon2id with the header's limits.
    const dir = await freshCopy()
    const path = join(dir, VAULT_FILE)
    const header = JSON.parse(await readFile(path, 'utf8')) as { kdf: Record<string, unknown> }
    await writeFile(path, withChecksum({ ...header, kdf: { ...header.kdf, memlimit: 2 ** 40 } }))
    const outcome = await openAndVerify(dir, { passphrase: TEST_PASSPHRASE })
    expectRefused(outcome, VAULT_FILE)
  })

  it('refuses a swapped signing key with a recomputed checksum', async () => {
    const outcome = await editHeader((text) =>
      withChecksum({
        ...(JSON.parse(text) as Record<string, unknown>),
        signingPublicKey: 'ab'.repeat(32)
      })
    )
    // The key wraps bind the header, so this cannot even be told from a wrong secret; what
    // matters is that it is refused with a DalelError and nothing opens.
    if (outcome.kind === 'opened') throw new Error('a vault with a swapped key opened')
    expect(['vault-corrupt', 'wrong-passphrase']).toContain(outcome.error.code)
  })
})

describe('Tampering seen through the CLI', () => {
  function collector(): { write(text: string): boolean; text: string } {
    return {
      text: '',
      write(text: string) {
        this.text += text
        return true
      }
    }
  }

  async function dalel(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const stdout = collector()
    const stderr = collector()
    const code = await runCli({
      argv,
      env: { DALEL_PASSPHRASE: TEST_PASSPHRASE, DALEL_LANG: 'en' },
      stdin: Readable.from([]),
      stdout,
      stderr,
      clock: steppingClock()
    })
    return { code, stdout: stdout.text, stderr: stderr.text }
  }

  it('dalel verify exits 4 with one line naming snapshot.bin when a byte in it is flipped', async () => {
    const dir = await freshCopy()
    await flipByte(join(dir, SNAPSHOT_FILE), half)
    const result = await dalel(['verify', dir])
    expect(result.code).toBe(4)
    expect(result.stdout).toBe('')
    const lines = result.stderr.split('\n').filter(Boolean)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^dalel: The vault file snapshot\.bin is damaged/)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it('dalel verify exits 1 with PROBLEM lines naming both seqs when two blobs are swapped', async () => {
    const dir = await freshCopy()
    const a = pristine.blobs.get(3) ?? ''
    const b = pristine.blobs.get(7) ?? ''
    await rename(join(dir, a), join(dir, `${a}.tmp`))
    await rename(join(dir, b), join(dir, a))
    await rename(join(dir, `${a}.tmp`), join(dir, b))
    const result = await dalel(['verify', dir])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('')
    const problems = result.stdout.split('\n').filter((line) => line.startsWith('PROBLEM'))
    expect(problems).toEqual([
      expect.stringMatching(new RegExp(`^PROBLEM: #3 ${a}: `)),
      expect.stringMatching(new RegExp(`^PROBLEM: #7 ${b}: `))
    ])
    expect(result.stdout).toMatch(/^FAILED: problems found: 2 /m)
  })
})
