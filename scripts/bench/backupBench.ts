// Backup benchmark (issue 6): an incremental backup after adding 10 entries to a 10 000-entry
// vault with 2 GB of blobs — the bytes it writes and its time. Target: bytes written ≤ (the
// new data + the current snapshot + the current journal) × 1.2, all measured in the same run.
// Also, for information: the full first backup's MiB/s against a raw copy of the same files
// (read, write, fsync each file; no hashing, no read-back), in the same run.
//
// The vault (TEST Argon2id limits: the KDF plays no part in a backup) is built through the
// Vault API: 10 000 entries, of which 200 are `file` entries with 10 MiB of random bytes each
// and the rest 1 KB notes, compacted every 2 000 records as locking does; --quick: 1 000
// entries, 20 attachments. Then, through VaultService as the CLI does it: unlock, a full
// backup, 10 more entries (5 notes, 5 files of 2 MiB), and the incremental backup. The bytes
// written are counted three ways: what backupVault reports; the files on the target that are
// new or rewritten (by inode), summed; and wchar of /proc/self/io (every byte this process
// handed to write(2) during the backup, the custody entry's journal record included). The
// value checked against the target is the largest of the three. run.ts runs it with
// --only=backup.
import { randomFillSync } from 'node:crypto'
import {
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  writeSync
} from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { nodeBackupIo } from '../../src-main/node/backup/backupIo'
import { verifyBackup } from '../../src-main/node/backup/verifyBackup'
import { VaultService } from '../../src-main/node/services/VaultService'
import { TEST_KDF } from '../../src-main/node/testing/testVault'
import { Vault } from '../../src-main/node/vault/Vault'
import { directoryBytes, du, makeRandomFile, syncDisks } from './benchFs'
import { noteDraft } from './benchNotes'
import type { BenchContext, Measurement, SectionResult } from './benchTypes'
import { MiB, log, nowMs } from './benchUtil'

const PASSPHRASE = 'bench: сақтық көшірме — резервная копия 2026'
const FACTOR = 1.2
const clock = { now: () => new Date() }

interface BackupConfig {
  entries: number
  attachments: number
  attachmentBytes: number
  newNotes: number
  newFiles: number
  newFileBytes: number
}

type Inventory = Map<string, { inode: number; size: number }>

/** Bytes this process has handed to write(2) so far (all threads), or null off Linux. */
function wchar(): number | null {
  try {
    const line = readFileSync('/proc/self/io', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('wchar:'))
    return line === undefined ? null : Number(line.split(/\s+/)[1])
  } catch {
    return null
  }
}

/** Bytes written since an earlier wchar reading, or null off Linux. */
function since(before: number | null): number | null {
  const now = wchar()
  return now === null || before === null ? null : now - before
}

/** The body of the nth bench note. */
function noteBody(n: number): string {
  const draft = noteDraft(n, 1000)
  return draft.kind === 'note' ? (draft.payload.body ?? '') : ''
}

/** path → { inode, size } of every regular file under `dir`. */
function inventory(dir: string): Inventory {
  const files: Inventory = new Map()
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const child = join(path, name)
      const st = lstatSync(child)
      if (st.isDirectory()) walk(child)
      else if (st.isFile()) files.set(relative(dir, child), { inode: st.ino, size: st.size })
    }
  }
  walk(dir)
  return files
}

/** Files new or replaced (another inode) between two inventories, and their bytes. */
function rewritten(
  before: Inventory,
  after: Inventory
): { bytes: number; count: number; removed: number } {
  let bytes = 0
  let count = 0
  for (const [path, file] of after) {
    const old = before.get(path)
    if (old === undefined || old.inode !== file.inode) {
      bytes += file.size
      count++
    }
  }
  let removed = 0
  for (const path of before.keys()) if (!after.has(path)) removed++
  return { bytes, count, removed }
}

/**
 * The machine's limit for copying the same files durably: each read in 4 MiB blocks,
 * written, fsynced and closed, one after another. No hashing and no read-back (a backup does
 * both), so the ratio against it is for information only.
 */
function rawCopyTree(from: string, to: string): number {
  const buffer = Buffer.allocUnsafe(4 * MiB)
  let bytes = 0
  const walk = (src: string, dst: string): void => {
    mkdirSync(dst, { recursive: true })
    for (const name of readdirSync(src).sort()) {
      const s = join(src, name)
      const d = join(dst, name)
      const st = lstatSync(s)
      if (st.isDirectory()) {
        walk(s, d)
        continue
      }
      if (!st.isFile() || name === '.lock') continue
      const fdIn = openSync(s, 'r')
      const fdOut = openSync(d, 'w', 0o600)
      try {
        for (;;) {
          const n = readSync(fdIn, buffer, 0, buffer.length, null)
          if (n === 0) break
          let off = 0
          while (off < n) off += writeSync(fdOut, buffer, off, n - off)
          bytes += n
        }
        fsyncSync(fdOut)
      } finally {
        closeSync(fdIn)
        closeSync(fdOut)
      }
    }
  }
  walk(from, to)
  return bytes
}

async function buildVault(vaultDir: string, config: BackupConfig): Promise<number> {
  const { vault } = await Vault.create(
    vaultDir,
    { passphrase: PASSPHRASE, author: 'Bench Journalist', kdfLimits: TEST_KDF },
    { clock }
  )
  const attachment = Buffer.alloc(config.attachmentBytes)
  const every = Math.floor(config.entries / config.attachments)
  let sinceCompaction = 0
  let lastReport = nowMs()
  const start = nowMs()
  try {
    for (let n = 1; n <= config.entries; n++) {
      if (n % every === 0 && n / every <= config.attachments) {
        randomFillSync(attachment)
        await vault.append({ kind: 'file', title: `Video ${n}`, payload: {} }, [
          { bytes: attachment, name: `video-${n}.mp4`, mediaType: 'video/mp4' }
        ])
      } else {
        await vault.append(noteDraft(n, 1000))
      }
      if (++sinceCompaction >= 2000) {
        await vault.compact()
        sinceCompaction = 0
      }
      if (nowMs() - lastReport > 10_000) {
        lastReport = nowMs()
        log(`  ${n} / ${config.entries} entries, ${((nowMs() - start) / 1000).toFixed(0)} s`)
      }
    }
  } finally {
    // Locking compacts a long journal, as a journalist's vault is between sessions.
    await vault.close()
  }
  return nowMs() - start
}

const sizeOf = (path: string): number => lstatSync(path).size

/** The backup benchmark's rows (B1–B3) and details. */
export async function runBackupBench(options: BenchContext): Promise<SectionResult> {
  const quick = options.quick
  const config: BackupConfig = {
    entries: quick ? 1_000 : 10_000,
    attachments: quick ? 20 : 200,
    attachmentBytes: 10 * MiB,
    newNotes: 5,
    newFiles: 5,
    newFileBytes: 2 * MiB
  }
  const baseDir = resolve(options.baseDir)
  const dir = await mkdtemp(join(baseDir, 'dalel-bench-backup-'))
  const vaultDir = join(dir, 'vault')
  const target = join(dir, 'usb', 'dalel-backup')
  const details: Record<string, unknown> = { config, targetIsSameDisk: true }
  const service = new VaultService({ clock })
  try {
    log(
      `backup: building a ${config.entries}-entry vault with ${config.attachments} × ${config.attachmentBytes / MiB} MiB attachments in ${dir}`
    )
    const buildMs = await buildVault(vaultDir, config)
    details.buildMs = buildMs
    const vaultBytes = directoryBytes(vaultDir)
    details.vault = vaultBytes
    log(
      `  built in ${(buildMs / 1000).toFixed(1)} s: ${vaultBytes.files} files, ${(vaultBytes.apparent / MiB).toFixed(0)} MiB`
    )
    syncDisks()

    // ── the full first backup, between two raw copies of the same files ──
    const rawRuns: { ms: number; bytes: number }[] = []
    const rawOnce = async (): Promise<void> => {
      const to = join(dir, 'raw-copy')
      const t = nowMs()
      const bytes = rawCopyTree(vaultDir, to)
      rawRuns.push({ ms: nowMs() - t, bytes })
      await rm(to, { recursive: true, force: true })
      syncDisks()
    }
    await rawOnce()
    await service.unlock(vaultDir, { passphrase: PASSPHRASE })
    const fullWchar = wchar()
    let t = nowMs()
    const full = await service.backup(target)
    const fullMs = nowMs() - t
    const fullWritten = since(fullWchar)
    syncDisks()
    await rawOnce()
    details.full = {
      ms: fullMs,
      bytesWritten: full.result.bytesWritten,
      filesWritten: full.result.filesWritten,
      wchar: fullWritten,
      target: du(target),
      rawRuns
    }
    log(
      `  full backup ${(fullMs / 1000).toFixed(2)} s, ${(full.result.bytesWritten / MiB).toFixed(0)} MiB; raw copies ${rawRuns.map((r) => `${(r.ms / 1000).toFixed(2)} s`).join(', ')}`
    )

    // ── 10 more entries, then the incremental backup ──
    const blobsBefore = inventory(join(vaultDir, 'blobs'))
    for (let i = 0; i < config.newFiles; i++) {
      const path = join(dir, `new-evidence-${i + 1}.jpg`)
      makeRandomFile(path, config.newFileBytes)
      await service.addAttachment({ files: [{ path }], title: `New evidence ${i + 1}` })
      await service.addNote({
        title: `After the backup ${i + 1}`,
        body: noteBody(config.entries + i)
      })
    }
    const blobsAfter = inventory(join(vaultDir, 'blobs'))
    const newBlobs = rewritten(blobsBefore, blobsAfter)
    const snapshotBytes = sizeOf(join(vaultDir, 'snapshot.bin'))
    const journalBytes = sizeOf(join(vaultDir, 'journal.bin'))
    const allowed = (newBlobs.bytes + snapshotBytes + journalBytes) * FACTOR
    syncDisks()

    const before = inventory(target)
    const duBefore = du(target)
    const incWchar = wchar()
    t = nowMs()
    const inc = await service.backup(target)
    const incMs = nowMs() - t
    const incWritten = since(incWchar)
    const after = inventory(target)
    const duAfter = du(target)
    const onTarget = rewritten(before, after)
    const report = await verifyBackup(nodeBackupIo, target)
    const written = Math.max(inc.result.bytesWritten, onTarget.bytes, incWritten ?? 0)
    details.incremental = {
      ms: incMs,
      result: {
        bytesWritten: inc.result.bytesWritten,
        filesWritten: inc.result.filesWritten,
        filesReused: inc.result.filesReused
      },
      onTarget,
      wchar: incWritten,
      du: { before: duBefore, after: duAfter },
      newBlobBytes: newBlobs.bytes,
      newBlobFiles: newBlobs.count,
      snapshotBytes,
      journalBytes,
      allowedBytes: allowed,
      verified: report.ok
    }
    log(
      `  incremental backup ${(incMs / 1000).toFixed(2)} s: reported ${inc.result.bytesWritten} B, rewritten on the target ${onTarget.bytes} B in ${onTarget.count} files, wchar ${incWritten ?? 'n/a'} B; allowed ${Math.round(allowed)} B`
    )

    const rawMs = Math.min(...rawRuns.map((r) => r.ms))
    const rawMiBs = vaultBytes.apparent / MiB / (rawMs / 1000)
    const fullMiBs = full.result.bytesWritten / MiB / (fullMs / 1000)
    const kib = (b: number): string => `${(b / 1024).toFixed(1)} KiB`
    const measurements: Measurement[] = [
      {
        id: 'B1',
        name: `incremental backup after 10 entries, ${config.entries.toLocaleString('en-US')}-entry vault with ${((config.attachments * config.attachmentBytes) / MiB / 1000).toFixed(1)} GB of blobs: bytes written`,
        unit: 'bytes',
        value: written,
        baseline: newBlobs.bytes + snapshotBytes + journalBytes,
        baselineName: 'new data + snapshot + journal',
        ratio: written / (newBlobs.bytes + snapshotBytes + journalBytes),
        target: `≤ ${FACTOR.toFixed(2)}× (${(allowed / MiB).toFixed(1)} MiB)`,
        pass: written <= allowed && report.ok,
        note: `the largest of: backupVault's bytesWritten ${kib(inc.result.bytesWritten)} (${inc.result.filesWritten} files written, ${inc.result.filesReused} reused); files new or replaced on the target ${kib(onTarget.bytes)} (${onTarget.count} files, ${onTarget.removed} removed); wchar ${incWritten === null ? 'n/a' : kib(incWritten)}. du -sb of the target ${duBefore.apparent} → ${duAfter.apparent} B. New data = ${newBlobs.count} new blob files, ${kib(newBlobs.bytes)}; snapshot ${kib(snapshotBytes)}; journal ${kib(journalBytes)}. verify-backup afterwards: ${report.ok ? 'ok' : 'NOT OK'}`
      },
      {
        id: 'B2',
        name: 'that incremental backup: time (VaultService.backup, custody entry included)',
        unit: 'ms',
        value: incMs
      },
      {
        id: 'B3',
        name: `full first backup of that vault (${(vaultBytes.apparent / MiB).toFixed(0)} MiB, ${vaultBytes.files} files), MiB/s`,
        unit: 'MiB/s',
        value: Math.round(fullMiBs * 10) / 10,
        baseline: Math.round(rawMiBs * 10) / 10,
        baselineName: 'raw copy, fsync per file (best of 2)',
        ratio: fullMiBs / rawMiBs,
        note: `full backup ${(fullMs / 1000).toFixed(2)} s (copy with SHA-256, fsync, read back and hash again, per file); raw copies ${rawRuns.map((r) => `${(r.ms / 1000).toFixed(2)} s`).join(', ')}; informative, no target. The target is on the same disk as the vault (${dir})`
      }
    ]
    return { measurements, details }
  } finally {
    await service.lock().catch(() => undefined)
    if (options.keep) log(`backup: kept ${dir}`)
    else await rm(dir, { recursive: true, force: true })
  }
}
