import { execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { cp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EntryView } from '../../common/contract/VaultApi'
import { DalelError } from '../../common/errors/DalelError'
import { fsError } from '../fs/fsError'
import { TEMP_PREFIX } from '../fs/durable'
import { VaultService } from '../services/VaultService'
import { TEST_KDF, TEST_PASSPHRASE, steppingClock, tempDir } from '../testing/testVault'
import { JOURNAL_FILE, SNAPSHOT_FILE } from '../vault/Vault'
import { nodeBackupIo } from './backupIo'
import type { BackupIo } from './backupIo'
import { BACKUP_MANIFEST } from './backupManifest'
import type { BackupFile, SignedBackupManifest } from './backupManifest'
import { verifyBackup } from './verifyBackup'

/**
 * DESIGN "Backups": the vault's encrypted files copied incrementally, read back and hashed,
 * switched to by an atomic manifest update; "the previous backup stays valid until the new
 * one has verified", and restore needs the passphrase or the recovery code. These tests
 * back real vaults up, break the target in the ways a USB drive breaks (it fills up, it is
 * pulled mid-write, a byte rots, a file goes missing) and restore what is left.
 */

const MiB = 1024 * 1024

let work: { path: string; remove: () => Promise<void> }

beforeEach(async () => {
  work = await tempDir('dalel-backup-')
})
afterEach(async () => {
  await work.remove()
})

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

async function newService(
  vaultPath: string
): Promise<{ service: VaultService; recoveryCode: string }> {
  const service = new VaultService({ clock: steppingClock() })
  const { recoveryCode } = await service.createVault(vaultPath, {
    passphrase: TEST_PASSPHRASE,
    author: 'Айгерим Сейтова',
    kdfLimits: TEST_KDF
  })
  return { service, recoveryCode }
}

/** Writes `bytes` to a scratch file and records it as a `file` entry. */
async function attach(
  service: VaultService,
  name: string,
  bytes: Uint8Array,
  title: string,
  mediaType?: string
): Promise<EntryView> {
  const path = join(work.path, 'scratch', name)
  await mkdir(join(path, '..'), { recursive: true })
  await writeFile(path, bytes)
  return service.addAttachment({
    files: [{ path, ...(mediaType !== undefined ? { mediaType } : {}) }],
    title
  })
}

/**
 * A vault the way a journalist's looks after a bad week: notes, an incident, attachments
 * (one of ~5 MB), an amendment, and withdrawals (which purge blobs and compact).
 */
async function richVault(vaultPath: string): Promise<{
  service: VaultService
  recoveryCode: string
  originals: Map<string, Buffer>
}> {
  const { service, recoveryCode } = await newService(vaultPath)
  const originals = new Map<string, Buffer>()
  const threat = await service.addNote({
    title: 'Звонок с угрозой',
    body: 'Требовали удалить статью о тендере. Номер скрыт.',
    tags: ['угроза', 'телефон'],
    occurredAt: '2026-02-27T18:30:00.000Z'
  })
  const search = await service.addIncident({
    title: 'Обыск в редакции',
    type: 'search',
    occurredAt: '2026-02-28T06:00:00.000Z',
    place: 'Алматы, ул. Абая 10',
    legalBasisShown: 'постановление следователя от 27.02.2026',
    itemsSeized: ['ноутбук', 'два телефона'],
    lawyersRefused: ['Д. Ахметов'],
    witnesses: ['Н. Сапарова']
  })
  const protocol = Buffer.from('Хаттама / протокол обыска\n'.repeat(400))
  const scan = randomBytes(300 * 1024)
  const scratch = join(work.path, 'scratch')
  await mkdir(scratch, { recursive: true })
  await writeFile(join(scratch, 'protocol.txt'), protocol)
  await writeFile(join(scratch, 'scan.pdf'), scan)
  const docs = await service.addAttachment({
    files: [
      { path: join(scratch, 'protocol.txt') },
      { path: join(scratch, 'scan.pdf'), mediaType: 'application/pdf' }
    ],
    title: 'Протокол обыска'
  })
  originals.set(`${docs.seq}/0`, protocol)
  originals.set(`${docs.seq}/1`, scan)
  const video = randomBytes(5 * MiB + 12_345)
  const camera = await attach(service, 'camera.mp4', video, 'Запись с камеры', 'video/mp4')
  originals.set(`${camera.seq}/0`, video)
  const wrong = await attach(service, 'wrong.jpg', randomBytes(70_000), 'Не тот файл')
  await service.amend({
    target: String(search.seq),
    reason: 'уточнён адрес',
    place: 'Алматы, ул. Абая 12'
  })
  await service.amend({ target: threat.id, reason: 'добавлено время', body: 'Звонили дважды.' })
  await service.withdraw({ target: String(wrong.seq), reason: 'загружен по ошибке' })
  const draft = await service.addNote({ title: 'Черновик', body: 'не для суда' })
  await service.withdraw({ target: draft.id, reason: 'личное' })
  await service.addNote({ title: 'После обыска', body: 'Адвоката не пустили в здание.' })
  return { service, recoveryCode, originals }
}

/** What a vault holds, as the service shows it: every entry, the head, every attachment. */
interface VaultState {
  head: { seq: number; chain: string | null }
  list: EntryView[]
  entries: EntryView[]
  /** `${seq}/${position}` → SHA-256 of the decrypted attachment */
  blobs: Record<string, string>
}

/** The state of seqs 1..upTo (all of them by default). */
async function stateOf(service: VaultService, upTo?: number): Promise<VaultState> {
  const last = upTo ?? service.summary().head.seq
  // What the vault held up to `last`: a later entry that links back (the restore names its
  // backup's custody entry) is not part of that state.
  const upToLast = <T extends { linkedFrom: { seq: number }[] }>(view: T): T => ({
    ...view,
    linkedFrom: view.linkedFrom.filter((link) => link.seq <= last)
  })
  const list = service
    .list()
    .filter((e) => e.seq <= last)
    .map(upToLast)
  const entries: EntryView[] = []
  const blobs: Record<string, string> = {}
  for (let seq = 1; seq <= last; seq++) {
    const view = service.getEntry(String(seq))
    entries.push(upToLast(view))
    for (const [position] of (view.entry?.attachments ?? []).entries())
      blobs[`${seq}/${position}`] = sha256(await service.readAttachment(seq, position))
  }
  const headEntry = entries.at(-1)
  return { head: { seq: last, chain: headEntry?.link.chain ?? null }, list, entries, blobs }
}

/**
 * Restores `backupDir` into a new directory with a separate service and checks that it holds
 * exactly `expected` followed by the restore's own custody entry.
 */
async function expectRestoresTo(
  backupDir: string,
  expected: VaultState,
  secret: { passphrase: string } | { recoveryCode: string },
  label: string
): Promise<void> {
  const restored = new VaultService({ clock: steppingClock('2026-04-01T00:00:00.000Z') })
  const into = join(work.path, `restored-${randomBytes(4).toString('hex')}`)
  try {
    const { summary, custody } = await restored.restore(backupDir, into, secret)
    expect(summary.head.seq, label).toBe(expected.head.seq + 1)
    expect(custody.seq, label).toBe(expected.head.seq + 1)
    expect(custody.entry?.kind, label).toBe('custody')
    expect(await stateOf(restored, expected.head.seq), label).toEqual(expected)
  } finally {
    await restored.lock()
    await rm(into, { recursive: true, force: true })
  }
}

/** Every file under `dir` (relative, with forward slashes). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) =>
      join(e.parentPath, e.name)
        .slice(dir.length + 1)
        .split('\\')
        .join('/')
    )
    .sort()
}

async function tempFilesUnder(dir: string): Promise<string[]> {
  return (await filesUnder(dir)).filter((f) => f.split('/').pop()?.startsWith(TEMP_PREFIX))
}

describe('backup and restore', () => {
  it('restores notes, incidents, attachments, amendments and withdrawals to identical entries, head and attachment bytes', async () => {
    const { service, originals } = await richVault(join(work.path, 'vault'))
    const target = join(work.path, 'usb', 'Dalel', 'vault')
    const { custody, result } = await service.backup(target)
    const state = await stateOf(service, result.manifest.head.seq)
    // The custody entry is recorded first, so the backup holds it: it is the backup's head.
    expect(custody.seq).toBe(result.manifest.head.seq)
    expect(custody.link.chain).toBe(result.manifest.head.chain)
    // The folder alone as title and as a field: faces say "Backup → …" in their language.
    expect(custody.entry).toMatchObject({
      kind: 'custody',
      title: target,
      payload: { action: 'backup', folder: target }
    })
    expect(result.filesReused).toBe(0)
    // Withdrawals purged their blobs: the backup lists the three live ones and no other.
    expect(result.manifest.files.filter((f) => f.role === 'blob')).toHaveLength(3)
    expect(await verifyBackup(nodeBackupIo, target)).toMatchObject({ ok: true, problems: [] })

    const restored = new VaultService({ clock: steppingClock('2026-04-01T00:00:00.000Z') })
    const into = join(work.path, 'restored')
    const { summary } = await restored.restore(target, into, { passphrase: TEST_PASSPHRASE })
    try {
      expect(summary.head.seq).toBe(state.head.seq + 1)
      expect(restored.getEntry(String(summary.head.seq)).entry).toMatchObject({
        kind: 'custody',
        payload: { action: 'restore' }
      })
      const again = await stateOf(restored, state.head.seq)
      expect(again.list).toEqual(state.list)
      expect(again.entries).toEqual(state.entries)
      expect(again.head).toEqual(state.head)
      expect(again.blobs).toEqual(state.blobs)
      // Bit for bit against the files the journalist attached, not only against each other.
      for (const [key, bytes] of originals) {
        const [seq = 0, position = 0] = key.split('/').map(Number)
        expect(Buffer.from(await restored.readAttachment(seq, position)).equals(bytes), key).toBe(
          true
        )
      }
      expect(await restored.verify()).toMatchObject({ ok: true, problems: [] })
    } finally {
      await restored.lock()
      await service.lock()
    }
  })

  it('gives a restored vault the same entries as the original, seq for seq, up to its restore entry (no fork)', async () => {
    // Two different signed entries at one seq of one chain are a fork a court cannot tell
    // from tampering. The backup's custody entry is in the backup, so the restored vault's
    // first new entry (the restore) comes after every entry the original held.
    const { service } = await newService(join(work.path, 'vault'))
    await service.addNote({ title: 'Звонок с угрозой', body: 'Номер скрыт.' })
    await attach(service, 'photo.jpg', randomBytes(40_000), 'Фото повестки', 'image/jpeg')
    const target = join(work.path, 'usb')
    const { custody } = await service.backup(target)
    const original = await stateOf(service)
    const restored = new VaultService({ clock: steppingClock('2026-04-01T00:00:00.000Z') })
    const into = join(work.path, 'restored')
    const { custody: restore } = await restored.restore(target, into, {
      passphrase: TEST_PASSPHRASE
    })
    try {
      const copy = await stateOf(restored)
      expect(restore.seq).toBe(copy.head.seq)
      // Every seq both vaults hold has the same entry hash, chain hash and signature.
      const shared = Math.min(original.head.seq, copy.head.seq)
      for (let seq = 1; seq <= shared; seq++) {
        expect(copy.entries[seq - 1]?.link, `#${seq}`).toEqual(original.entries[seq - 1]?.link)
      }
      // …and the restore comes after all of the original's entries, the backup's own included.
      expect(restore.seq).toBe(original.head.seq + 1)
      expect(copy.entries[custody.seq - 1]?.entry).toEqual(custody.entry)
      // The restore names the backup it came from.
      expect(restore.entry?.payload).toMatchObject({
        action: 'restore',
        about: [{ seq: custody.seq, id: custody.id }]
      })
    } finally {
      await restored.lock()
      await service.lock()
    }
  })

  it('records a failed copy after the backup entry, naming it and why, and keeps the previous backup', async () => {
    const drive = vanishingIo()
    const service = new VaultService({ clock: steppingClock(), backupIo: drive.io })
    await service.createVault(join(work.path, 'vault'), {
      passphrase: TEST_PASSPHRASE,
      kdfLimits: TEST_KDF
    })
    await service.addNote({ title: 'Звонок с угрозой' })
    const target = join(work.path, 'usb')
    const first = (await service.backup(target)).result.manifest
    await attach(service, 'video.mp4', randomBytes(MiB), 'Запись', 'video/mp4')
    const before = service.summary().head.seq
    drive.pullAfter(1000)
    await expect(service.backup(target)).rejects.toMatchObject({ code: 'io-error' })
    drive.plugBackIn()
    const started = service.getEntry(String(before + 1))
    const failed = service.getEntry(String(before + 2))
    expect(service.summary().head.seq).toBe(before + 2)
    expect(started.entry).toMatchObject({
      kind: 'custody',
      payload: { action: 'backup', folder: target }
    })
    expect(failed.entry).toMatchObject({
      kind: 'custody',
      payload: {
        action: 'backup-failed',
        folder: target,
        failure: 'drive-error',
        about: [{ seq: started.seq, id: started.id }]
      }
    })
    expect((await verifyBackup(nodeBackupIo, target)).manifest?.head).toEqual(first.head)
    expect(await service.verify()).toMatchObject({ ok: true })
    await service.lock()
  })

  it('writes only the new blob and the journal on the next backup, reusing the rest', async () => {
    const vaultPath = join(work.path, 'vault')
    const { service } = await richVault(vaultPath)
    const target = join(work.path, 'usb', 'Dalel', 'vault')
    const first = (await service.backup(target)).result.manifest

    for (const n of [1, 2, 3]) await service.addNote({ title: `Звонок ${n}`, body: 'снова' })
    const newData = randomBytes(MiB)
    await attach(service, 'new.bin', newData, 'Новая запись')
    const { result } = await service.backup(target)
    const second = result.manifest

    const before = new Map(first.files.map((f) => [f.path, f]))
    const fresh = second.files.filter((f) => !before.has(f.path))
    // No compaction ran in between, and the header did not change: only these two are new.
    expect(fresh.map((f) => f.role).sort()).toEqual(['blob', 'journal'])
    expect(result.filesWritten).toBe(fresh.length)
    expect(result.bytesWritten).toBe(fresh.reduce((sum, f) => sum + f.size, 0))
    const snapshotSize = (await stat(join(vaultPath, SNAPSHOT_FILE))).size
    const journalSize = (await stat(join(vaultPath, JOURNAL_FILE))).size
    expect(result.bytesWritten).toBeLessThan((newData.length + snapshotSize + journalSize) * 1.2)
    const oldBlobs = first.files.filter((f) => f.role === 'blob')
    expect(oldBlobs).toHaveLength(3)
    expect(result.filesReused).toBe(second.files.length - fresh.length)
    expect(result.filesReused).toBe(oldBlobs.length + 2) // and the header and the snapshot
    for (const blob of oldBlobs) expect(second.files).toContainEqual(blob)
    // The superseded journal is gone from the target; nothing unlisted is left behind.
    expect(await filesUnder(target)).toEqual(
      [BACKUP_MANIFEST, ...second.files.map((f) => f.path)].sort()
    )

    // Nothing new but the backup's own custody entry: the journal alone is written.
    const third = await service.backup(target)
    expect(third.result.filesWritten).toBe(1)
    expect(
      third.result.manifest.files.filter((f) => !second.files.some((s) => s.path === f.path))
    ).toMatchObject([{ role: 'journal' }])
    await expectRestoresTo(
      target,
      await stateOf(service, third.result.manifest.head.seq),
      { passphrase: TEST_PASSPHRASE },
      'third backup'
    )
    await service.lock()
  })

  it('writes the new header after a passphrase change, and restore then takes only the new passphrase', async () => {
    const { service, recoveryCode } = await newService(join(work.path, 'vault'))
    await service.addNote({ title: 'До смены пароля' })
    const target = join(work.path, 'usb')
    const first = (await service.backup(target)).result.manifest
    await service.changePassphrase({ passphrase: TEST_PASSPHRASE }, 'жаңа құпия сөз')
    const { result } = await service.backup(target)
    const header = (m: SignedBackupManifest) => m.files.find((f) => f.role === 'header')?.path
    expect(header(result.manifest)).not.toBe(header(first))
    expect(result.manifest.files.filter((f) => f.role === 'snapshot')).toEqual(
      first.files.filter((f) => f.role === 'snapshot')
    )
    const state = await stateOf(service, result.manifest.head.seq)
    await service.lock()

    const into = join(work.path, 'restored')
    await expect(
      new VaultService({ clock: steppingClock() }).restore(target, into, {
        passphrase: TEST_PASSPHRASE
      })
    ).rejects.toMatchObject({ code: 'wrong-passphrase' })
    expect(existsSync(into)).toBe(false)
    await expectRestoresTo(target, state, { passphrase: 'жаңа құпия сөз' }, 'new passphrase')
    await expectRestoresTo(target, state, { recoveryCode }, 'recovery code')
  })

  it('refuses to restore into a non-empty directory, and leaves what is there untouched', async () => {
    const { service } = await newService(join(work.path, 'vault'))
    await service.addNote({ title: 'Заметка' })
    const target = join(work.path, 'usb')
    await service.backup(target)
    await service.lock()

    const occupied = join(work.path, 'Documents')
    await mkdir(occupied)
    await writeFile(join(occupied, 'article.docx'), 'черновик статьи')
    await expect(
      new VaultService({ clock: steppingClock() }).restore(target, occupied, {
        passphrase: TEST_PASSPHRASE
      })
    ).rejects.toMatchObject({ code: 'vault-exists' })
    expect(await readdir(occupied)).toEqual(['article.docx'])
    expect(await readFile(join(occupied, 'article.docx'), 'utf8')).toBe('черновик статьи')
  })

  it('refuses a wrong passphrase on restore and removes the directory it had started', async () => {
    const { service, recoveryCode } = await newService(join(work.path, 'vault'))
    await service.addNote({ title: 'Заметка' })
    const target = join(work.path, 'usb')
    const { result } = await service.backup(target)
    const state = await stateOf(service, result.manifest.head.seq)
    await service.lock()
    const manifestBefore = await readFile(join(target, BACKUP_MANIFEST))

    const into = join(work.path, 'restored')
    await expect(
      new VaultService({ clock: steppingClock() }).restore(target, into, { passphrase: 'не тот' })
    ).rejects.toMatchObject({ code: 'wrong-passphrase' })
    expect(existsSync(into)).toBe(false)
    // The backup is never modified by a restore, failed or not.
    expect((await readFile(join(target, BACKUP_MANIFEST))).equals(manifestBefore)).toBe(true)
    expect(await verifyBackup(nodeBackupIo, target)).toMatchObject({ ok: true })
    // Typed at the same prompt, the recovery code opens it.
    await expectRestoresTo(target, state, { recoveryCode }, 'recovery code')
  })

  it("refuses to back up into a directory holding another vault's backup, and leaves that backup intact", async () => {
    const mine = await newService(join(work.path, 'mine'))
    await mine.service.addNote({ title: 'Моя заметка' })
    const theirs = await newService(join(work.path, 'theirs'))
    await theirs.service.addNote({ title: 'Чужая заметка' })
    const target = join(work.path, 'usb')
    await theirs.service.backup(target)
    const theirId = theirs.service.summary().vaultId
    await theirs.service.lock()
    const filesBefore = await filesUnder(target)
    const manifestBefore = await readFile(join(target, BACKUP_MANIFEST))

    const headBefore = mine.service.summary().head
    const refusal = await mine.service.backup(target).catch((error: unknown) => error)
    // Refused before anything was recorded: no custody entry claims a backup that never began.
    expect(mine.service.summary().head).toEqual(headBefore)
    await mine.service.lock()
    expect(refusal).toBeInstanceOf(DalelError)
    expect(JSON.stringify((refusal as DalelError).params)).toContain(theirId)
    expect(await filesUnder(target)).toEqual(filesBefore)
    expect((await readFile(join(target, BACKUP_MANIFEST))).equals(manifestBefore)).toBe(true)
    expect(await verifyBackup(nodeBackupIo, target)).toMatchObject({
      ok: true,
      manifest: { vaultId: theirId }
    })
  })

  it("does not delete another vault's backup files when that backup's manifest is damaged", async () => {
    // A torn manifest.json (the drive pulled while another laptop's Dalel switched it) must
    // not turn the other vault's encrypted files into "unlisted leftovers" to be removed:
    // they are that journalist's evidence, recoverable by hand without the manifest.
    const mine = await newService(join(work.path, 'mine'))
    await mine.service.addNote({ title: 'Моя заметка' })
    const theirs = await newService(join(work.path, 'theirs'))
    await attach(theirs.service, 'their.bin', randomBytes(50_000), 'Чужой файл')
    const target = join(work.path, 'usb')
    const theirManifest = (await theirs.service.backup(target)).result.manifest
    await theirs.service.lock()
    const manifestText = await readFile(join(target, BACKUP_MANIFEST), 'utf8')
    await writeFile(join(target, BACKUP_MANIFEST), manifestText.slice(0, 200))

    await mine.service.backup(target).catch(() => undefined)
    await mine.service.lock()
    const left = await filesUnder(target)
    const theirFiles = theirManifest.files.map((f) => f.path)
    expect(
      theirFiles.filter((path) => !left.includes(path)),
      "the other vault's files that were deleted"
    ).toEqual([])
  })
})

describe('damage to a backup', () => {
  type Damage = {
    name: string
    /** picks the file of the manifest to damage */
    pick: (files: BackupFile[]) => BackupFile | undefined
    how: 'flip' | 'remove'
    code: string
  }
  const blob = (files: BackupFile[]) => files.find((f) => f.role === 'blob')
  const role = (r: BackupFile['role']) => (files: BackupFile[]) => files.find((f) => f.role === r)
  const damages: Damage[] = [
    { name: 'a flipped byte in a blob', pick: blob, how: 'flip', code: 'file-mismatch' },
    {
      name: 'a flipped byte in the snapshot',
      pick: role('snapshot'),
      how: 'flip',
      code: 'file-mismatch'
    },
    {
      name: 'a flipped byte in the journal',
      pick: role('journal'),
      how: 'flip',
      code: 'file-mismatch'
    },
    {
      name: 'a flipped byte in the header copy',
      pick: role('header'),
      how: 'flip',
      code: 'file-mismatch'
    },
    { name: 'a missing blob', pick: blob, how: 'remove', code: 'file-missing' },
    { name: 'a missing journal', pick: role('journal'), how: 'remove', code: 'file-missing' }
  ]

  let pristine: string
  let manifest: SignedBackupManifest

  beforeEach(async () => {
    const { service } = await newService(join(work.path, 'vault'))
    await service.addNote({ title: 'Звонок с угрозой', body: 'Требовали удалить статью.' })
    await attach(service, 'photo.jpg', randomBytes(200_000), 'Фото повестки')
    pristine = join(work.path, 'pristine')
    manifest = (await service.backup(pristine)).result.manifest
    await service.lock()
  })

  async function damagedCopy(damage: Damage): Promise<{ dir: string; file: string }> {
    const dir = join(work.path, `usb-${randomBytes(4).toString('hex')}`)
    await cp(pristine, dir, { recursive: true })
    const file = damage.pick(manifest.files)
    if (file === undefined) throw new Error(`no file for ${damage.name}`)
    const path = join(dir, file.path)
    if (damage.how === 'remove') {
      await rm(path)
    } else {
      const bytes = await readFile(path)
      const at = Math.floor(bytes.length / 2)
      bytes[at] = (bytes[at] ?? 0) ^ 0x04
      await writeFile(path, bytes)
    }
    return { dir, file: file.path }
  }

  for (const damage of damages) {
    it(`names ${damage.name} in verifyBackup, and restore refuses it without leaving a vault directory`, async () => {
      const { dir, file } = await damagedCopy(damage)
      const report = await verifyBackup(nodeBackupIo, dir)
      expect(report.ok).toBe(false)
      expect(report.problems.map((p) => ({ file: p.file, code: p.code }))).toEqual([
        { file, code: damage.code }
      ])

      const into = join(work.path, 'restored')
      await expect(
        new VaultService({ clock: steppingClock() }).restore(dir, into, {
          passphrase: TEST_PASSPHRASE
        })
      ).rejects.toMatchObject({ code: 'backup-damaged', params: { file } })
      expect(existsSync(into)).toBe(false)
    })
  }

  it('reports a file it cannot read (EIO: a bad sector) as a problem naming it, and checks the rest', async () => {
    const bad = blob(manifest.files)?.path ?? ''
    const failing: BackupIo = {
      ...nodeBackupIo,
      async hashFile(path) {
        if (path === join(pristine, bad)) {
          const eio = Object.assign(new Error(`EIO: i/o error, read`), { code: 'EIO' })
          throw fsError(eio, path)
        }
        return nodeBackupIo.hashFile(path)
      }
    }
    const service = new VaultService({ clock: steppingClock(), backupIo: failing })
    const report = await service.verifyBackup(pristine)
    expect(report.ok).toBe(false)
    expect(report.filesChecked).toBe(manifest.files.length)
    expect(report.problems.map((p) => p.file)).toEqual([bad])

    const into = join(work.path, 'restored')
    const refusal = await service
      .restore(pristine, into, { passphrase: TEST_PASSPHRASE })
      .catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(DalelError)
    expect(JSON.stringify((refusal as DalelError).params)).toContain(bad)
    expect(existsSync(into)).toBe(false)
  })

  it('names manifest.json when the manifest signature does not verify', async () => {
    const dir = join(work.path, 'usb')
    await cp(pristine, dir, { recursive: true })
    // Claim a later head: exactly what a forged manifest would do.
    const forged = { ...manifest, head: { ...manifest.head, seq: manifest.head.seq + 1 } }
    await writeFile(join(dir, BACKUP_MANIFEST), JSON.stringify(forged, null, 2))
    const report = await verifyBackup(nodeBackupIo, dir)
    expect(report.problems.map((p) => ({ file: p.file, code: p.code }))).toEqual([
      { file: BACKUP_MANIFEST, code: 'manifest-signature' }
    ])
    const into = join(work.path, 'restored')
    await expect(
      new VaultService({ clock: steppingClock() }).restore(dir, into, {
        passphrase: TEST_PASSPHRASE
      })
    ).rejects.toMatchObject({ code: 'backup-damaged', params: { file: BACKUP_MANIFEST } })
    expect(existsSync(into)).toBe(false)
  })
})

/**
 * The target's file operations, as nodeBackupIo performs them, until the drive is pulled:
 * from the chosen byte on, every operation fails with EIO, as the kernel reports it for a
 * USB stick that is gone. Errors reach backupVault the way nodeBackupIo's own do: through
 * fsError, as DalelError 'io-error' naming the file.
 */
function vanishingIo(): { io: BackupIo; pullAfter(bytes: number): void; plugBackIn(): void } {
  let budget = Infinity
  let gone = false
  const eio = (path: string): DalelError =>
    fsError(
      Object.assign(new Error(`EIO: i/o error, write '${path}'`), {
        code: 'EIO',
        errno: -5,
        syscall: 'write',
        path
      }),
      path
    )
  const alive = (path: string): void => {
    if (gone) throw eio(path)
  }
  const io: BackupIo = {
    async createExclusive(path) {
      alive(path)
      const inner = await nodeBackupIo.createExclusive(path)
      return {
        async write(chunk) {
          alive(path)
          if (chunk.length > budget) {
            // The bytes before the cut reach the drive; the write that crosses it fails.
            await inner.write(chunk.subarray(0, budget))
            budget = 0
            gone = true
            throw eio(path)
          }
          budget -= chunk.length
          await inner.write(chunk)
        },
        async sync() {
          alive(path)
          await inner.sync()
        },
        async close() {
          await inner.close()
        }
      }
    },
    async rename(from, to) {
      alive(to)
      await nodeBackupIo.rename(from, to)
    },
    async remove(path) {
      alive(path)
      await nodeBackupIo.remove(path)
    },
    async mkdirp(path) {
      alive(path)
      await nodeBackupIo.mkdirp(path)
    },
    async fsyncDirectory(path) {
      alive(path)
      await nodeBackupIo.fsyncDirectory(path)
    },
    async readFile(path) {
      alive(path)
      return nodeBackupIo.readFile(path)
    },
    async hashFile(path) {
      alive(path)
      return nodeBackupIo.hashFile(path)
    },
    async size(path) {
      return gone ? null : nodeBackupIo.size(path)
    },
    async list(path) {
      return gone ? [] : nodeBackupIo.list(path)
    }
  }
  return {
    io,
    pullAfter(bytes) {
      budget = bytes
    },
    plugBackIn() {
      budget = Infinity
      gone = false
    }
  }
}

describe('backup faults', () => {
  it('keeps the previous backup restorable when the drive is pulled mid-write (EIO), and completes the next one', async () => {
    const drive = vanishingIo()
    const service = new VaultService({ clock: steppingClock(), backupIo: drive.io })
    const vaultPath = join(work.path, 'vault')
    const { recoveryCode } = await service.createVault(vaultPath, {
      passphrase: TEST_PASSPHRASE,
      kdfLimits: TEST_KDF
    })
    await service.addNote({ title: 'Звонок с угрозой' })
    await attach(service, 'first.bin', randomBytes(600_000), 'Первый файл')
    const target = join(work.path, 'usb', 'Dalel', 'vault')
    let lastGood = await stateOf(service, (await service.backup(target)).result.manifest.head.seq)

    // Where the drive goes, counted in the bytes this backup has to copy (the journal first,
    // then the new blob): before the first byte, inside the journal, in the middle of the
    // blob, on its last byte, and after every file is in place, while the manifest is written.
    type Cut = {
      where: string
      at: (total: number) => number
      file: 'journal' | 'blob' | 'manifest'
    }
    const cuts: Cut[] = [
      { where: 'before the first byte', at: () => 0, file: 'journal' },
      { where: 'inside the journal', at: () => 1000, file: 'journal' },
      { where: 'in the middle of the new blob', at: (total) => total / 2, file: 'blob' },
      { where: 'on the last byte', at: (total) => total - 1, file: 'blob' },
      { where: 'while the new manifest is written', at: (total) => total, file: 'manifest' }
    ]
    for (const [index, cut] of cuts.entries()) {
      const label = `pulled ${cut.where}`
      await service.addNote({ title: `Перед попыткой: ${cut.where}` })
      await attach(service, `new-${index}.bin`, randomBytes(2 * MiB), cut.where)
      const manifestBefore = await readFile(join(target, BACKUP_MANIFEST))
      let total = -1
      const failure = await service
        .backup(target, ({ bytesTotal }) => {
          if (total < 0) {
            total = bytesTotal
            drive.pullAfter(Math.floor(cut.at(bytesTotal)))
          }
        })
        .catch((error: unknown) => error)
      expect(failure, label).toBeInstanceOf(DalelError)
      expect(failure, label).toMatchObject({ code: 'io-error', params: { reason: 'EIO' } })
      // The line the journalist reads names the file on the drive that was being written.
      const path = String((failure as DalelError).params.path)
      expect(path.startsWith(target), `${label}: ${path}`).toBe(true)
      const temp = basename(path)
      switch (cut.file) {
        case 'journal':
          expect([dirname(path), /^\.tmp-[0-9a-f]+$/.test(temp)], label).toEqual([target, true])
          break
        case 'blob':
          expect(dirname(dirname(path)), label).toBe(join(target, 'blobs'))
          break
        case 'manifest':
          expect(temp.startsWith(`${TEMP_PREFIX}${BACKUP_MANIFEST}-`), label).toBe(true)
          break
      }

      // The journalist plugs the drive back in: the previous backup is there, whole.
      drive.plugBackIn()
      expect((await readFile(join(target, BACKUP_MANIFEST))).equals(manifestBefore), label).toBe(
        true
      )
      const report = await service.verifyBackup(target)
      expect(report.problems, label).toEqual([])
      expect(report.manifest?.head, label).toEqual(lastGood.head)
      await expectRestoresTo(target, lastGood, { recoveryCode }, label)

      // The next backup completes, and sweeps up what the pulled one left.
      const { result } = await service.backup(target)
      expect(result.manifest.head.seq, label).toBe(service.summary().head.seq)
      expect(await service.verifyBackup(target), label).toMatchObject({ ok: true, problems: [] })
      expect(await tempFilesUnder(target), label).toEqual([])
      lastGood = await stateOf(service, result.manifest.head.seq)
    }
    await expectRestoresTo(target, lastGood, { recoveryCode }, 'after the last pull')
    await service.lock()
  })

  it('keeps the previous backup when the drive fills up mid-backup (tmpfs), and completes once there is room', async (ctx) => {
    const target = join(work.path, 'usb')
    await mkdir(target)
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m,mode=0700', 'tmpfs', target], {
        stdio: 'pipe'
      })
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim()
      ctx.skip(`cannot mount an 8 MiB tmpfs (needs root): ${stderr || String(error)}`)
    }
    try {
      const { service, recoveryCode } = await newService(join(work.path, 'vault'))
      await service.addNote({ title: 'Звонок с угрозой' })
      await attach(service, 'first.mp4', randomBytes(3 * MiB), 'Первая запись', 'video/mp4')
      const lastGood = await stateOf(
        service,
        (await service.backup(target)).result.manifest.head.seq
      )
      const manifestBefore = await readFile(join(target, BACKUP_MANIFEST))

      await attach(service, 'second.mp4', randomBytes(6 * MiB), 'Вторая запись', 'video/mp4')
      const failure = await service.backup(target).catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(DalelError)
      expect(failure).toMatchObject({ code: 'disk-full' })
      expect(service.getEntry(String(service.summary().head.seq)).entry).toMatchObject({
        kind: 'custody',
        payload: { action: 'backup-failed', folder: target, failure: 'disk-full' }
      })
      expect(String((failure as DalelError).params.path)).toContain(target)
      expect((await readFile(join(target, BACKUP_MANIFEST))).equals(manifestBefore)).toBe(true)
      expect(await tempFilesUnder(target)).toEqual([])
      expect(await service.verifyBackup(target)).toMatchObject({
        ok: true,
        problems: [],
        manifest: { head: lastGood.head }
      })
      await expectRestoresTo(target, lastGood, { recoveryCode }, 'after the drive filled up')

      // Room on the drive again (a bigger stick, files deleted): the next backup completes.
      execFileSync('mount', ['-o', 'remount,size=32m', target], { stdio: 'pipe' })
      const { result } = await service.backup(target)
      expect(result.manifest.head.seq).toBe(service.summary().head.seq)
      expect(await service.verifyBackup(target)).toMatchObject({ ok: true, problems: [] })
      expect(await tempFilesUnder(target)).toEqual([])
      const now = await stateOf(service, result.manifest.head.seq)
      await service.lock()
      await expectRestoresTo(target, now, { passphrase: TEST_PASSPHRASE }, 'after room was made')
    } finally {
      try {
        execFileSync('umount', [target], { stdio: 'pipe' })
      } catch {
        execFileSync('umount', ['-l', target], { stdio: 'pipe' })
      }
    }
  })
})
