// Backup benchmark (issue 6): an incremental backup after adding 10 entries to a 10 000-entry
// vault with 2 GB of blobs — the bytes it writes and its time. Target: bytes written ≤ (the
// new data + the current snapshot + the current journal) × 1.2, all measured in the same run.
// Also, for information: the full first backup's MiB/s against a raw copy of the same files
// (read, write, fsync each file; no hashing, no read-back), in the same run.
//
//   node scripts/bench/backupBench.mjs [--quick] [--keep]
//
// The vault (TEST Argon2id limits: the KDF plays no part in a backup) is built through the
// Vault API: 10 000 entries, of which 200 are `file` entries with 10 MiB of random bytes each
// and the rest 1 KB notes, compacted every 2 000 records as locking does; --quick: 1 000
// entries, 20 attachments. Then, through VaultService as the CLI does it: unlock, a full
// backup, 10 more entries (5 notes, 5 files of 2 MiB), and the incremental backup. The bytes
// written are counted three ways: what backupVault reports; the files on the target that are
// new or rewritten (by inode), summed; and wchar of /proc/self/io (every byte this process
// handed to write(2) during the backup, the custody entry's journal record included). The
// value checked against the target is the largest of the three.
//
// run.mjs calls runBackupBench (--only=backup); alone, this prints its own table and writes
// bench-results/backup.json. Exits 1 when the target is missed.
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
  writeFileSync,
  writeSync
} from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { MiB, bundleVaultLib, directoryBytes, du, makeRandomFile, syncDisks } from './benchFs.mjs'
import { formatTable, log, nowMs } from './benchUtil.mjs'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const PASSPHRASE = 'bench: сақтық көшірме — резервная копия 2026'
const FACTOR = 1.2
const clock = { now: () => new Date() }

const WORDS = (
  'обыск задержание полиция журналист редакция адвокат протокол свидетель изъятие ноутбук ' +
  'тінту ұстау куәгер заңгер тергеуші сот бап қауіп бұғаттау ' +
  'search detention lawyer warrant officer seized statement court hearing threat takedown'
).split(' ')

/** A 1 KB note, different for every n. */
function noteDraft(n) {
  let body = `Note ${n}. `
  for (let i = n; Buffer.byteLength(body) < 1000; i = (i * 1103515245 + 12345) >>> 0)
    body += `${WORDS[i % WORDS.length]} `
  return { kind: 'note', title: `Note ${n}`, payload: { body } }
}

/** Bytes this process has handed to write(2) so far (all threads), or null off Linux. */
function wchar() {
  try {
    const line = readFileSync('/proc/self/io', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('wchar:'))
    return line === undefined ? null : Number(line.split(/\s+/)[1])
  } catch {
    return null
  }
}

/** path → { inode, size } of every regular file under `dir`. */
function inventory(dir) {
  const files = new Map()
  const walk = (path) => {
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
function rewritten(before, after) {
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
function rawCopyTree(from, to) {
  const buffer = Buffer.allocUnsafe(4 * MiB)
  let bytes = 0
  const walk = (src, dst) => {
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

async function buildVault(lib, vaultDir, config) {
  const { vault } = await lib.Vault.create(
    vaultDir,
    { passphrase: PASSPHRASE, author: 'Bench Journalist', kdfLimits: lib.TEST_KDF },
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
        await vault.append(noteDraft(n))
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

const sizeOf = (path) => lstatSync(path).size

/**
 * @param {{ quick?: boolean, keep?: boolean, baseDir?: string }} options
 * @returns {Promise<{ measurements: object[], details: object }>}
 */
export async function runBackupBench(options = {}) {
  const quick = options.quick ?? false
  const config = {
    entries: quick ? 1_000 : 10_000,
    attachments: quick ? 20 : 200,
    attachmentBytes: 10 * MiB,
    newNotes: 5,
    newFiles: 5,
    newFileBytes: 2 * MiB
  }
  const baseDir = resolve(options.baseDir ?? os.tmpdir())
  const lib = await bundleVaultLib()
  const dir = await mkdtemp(join(baseDir, 'dalel-bench-backup-'))
  const vaultDir = join(dir, 'vault')
  const target = join(dir, 'usb', 'dalel-backup')
  const details = { config, targetIsSameDisk: true }
  const service = new lib.VaultService({ clock })
  try {
    log(
      `backup: building a ${config.entries}-entry vault with ${config.attachments} × ${config.attachmentBytes / MiB} MiB attachments in ${dir}`
    )
    details.buildMs = await buildVault(lib, vaultDir, config)
    const vaultBytes = directoryBytes(vaultDir)
    details.vault = vaultBytes
    log(
      `  built in ${(details.buildMs / 1000).toFixed(1)} s: ${vaultBytes.files} files, ${(vaultBytes.apparent / MiB).toFixed(0)} MiB`
    )
    syncDisks()

    // ── the full first backup, between two raw copies of the same files ──
    const rawRuns = []
    const rawOnce = async () => {
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
    const fullWritten = wchar() === null ? null : wchar() - fullWchar
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
        body: noteDraft(config.entries + i).payload.body
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
    const incWritten = wchar() === null ? null : wchar() - incWchar
    const after = inventory(target)
    const duAfter = du(target)
    const onTarget = rewritten(before, after)
    const report = await lib.verifyBackup(lib.nodeBackupIo, target)
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
      `  incremental backup ${(incMs / 1000).toFixed(2)} s: reported ${inc.result.bytesWritten} B, rewritten on the target ${onTarget.bytes} B in ${onTarget.count} files, wchar ${incWritten} B; allowed ${Math.round(allowed)} B`
    )

    const rawMs = Math.min(...rawRuns.map((r) => r.ms))
    const rawMiBs = vaultBytes.apparent / MiB / (rawMs / 1000)
    const fullMiBs = full.result.bytesWritten / MiB / (fullMs / 1000)
    const kib = (b) => `${(b / 1024).toFixed(1)} KiB`
    const measurements = [
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
    if (options.keep === true) log(`backup: kept ${dir}`)
    else await rm(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2)
  const { measurements, details } = await runBackupBench({
    quick: argv.includes('--quick') || process.env.DALEL_BENCH_QUICK === '1',
    keep: argv.includes('--keep'),
    baseDir: process.env.DALEL_BENCH_DIR
  })
  const lines = [formatTable(measurements), '']
  for (const m of measurements) if (m.note) lines.push(`  ${m.id}: ${m.note}`)
  process.stdout.write(`${lines.join('\n')}\n`)
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true })
  writeFileSync(
    join(ROOT, 'bench-results', 'backup.json'),
    `${JSON.stringify({ date: new Date().toISOString(), measurements, details }, null, 2)}\n`
  )
  process.exitCode = measurements.every((m) => m.pass !== false) ? 0 : 1
}
