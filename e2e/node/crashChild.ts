import { createHash } from 'node:crypto'
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { EntryDraft } from '../../src-main/common/entry/Entry'
import { loadSodium } from '../../src-main/node/crypto/loadSodium'
import { VaultDatabase } from '../../src-main/node/db/VaultDatabase'
import { goAhead, runAsChildProgram, say } from '../../src-main/node/testing/childProgram'
import { TEST_KDF } from '../../src-main/node/testing/testVault'
import { Vault } from '../../src-main/node/vault/Vault'

/**
 * The process that crash.test.ts kills. Once a line arrives on stdin (or stdin ends), it
 * unlocks the vault named on its command line and appends forever, saying on stdout what it
 * is about to do and what was acknowledged, so the parent knows which entries must survive
 * the kill and where the kill landed:
 *
 *   warm                       start-up is done; waiting for the go-ahead on stdin
 *   ready <entries>            the vault is open; appending begins
 *   begin <seq> <kind>         an append has started (not acknowledged)
 *   ack <seq> <kind> <id>      vault.append resolved: the entry is acknowledged
 *   compact                    a compaction has started
 *   compacted                  it finished
 *
 * Each line is written with one synchronous write(2) before the next step begins, so a line
 * on the pipe never runs ahead of what the vault has done. What each entry holds is a
 * function of its seq (below), so the parent can check every acknowledged entry in full.
 */

/** Every how many appends a compaction runs, so kills also land inside compactions. */
export const COMPACT_EVERY = 25

export type CrashKind = 'note' | 'file' | 'incident' | 'amendment' | 'withdrawal'

/** The kind the child gives the entry at `seq`, unless its target rules it out. */
export function plannedKind(seq: number): CrashKind {
  if (seq % 37 === 0) return 'withdrawal'
  if (seq % 11 === 0) return 'amendment'
  if (seq % 7 === 0) return 'incident'
  if (seq % 5 === 0) return 'file'
  return 'note'
}

export function crashTitle(kind: CrashKind, seq: number): string {
  return `crash ${kind} #${seq}`
}

/** Distinct bytes for the attachment of the file entry at `seq`: 1–9 KiB, never repeated. */
export function attachmentBytes(seq: number): Buffer {
  const line = Buffer.from(`attachment of entry ${seq}; `)
  const length = 1024 * (1 + (seq % 9))
  return Buffer.concat([line, Buffer.alloc(length - line.length, seq % 251)])
}

export function attachmentSha256(seq: number): string {
  return createHash('sha256').update(attachmentBytes(seq)).digest('hex')
}

export function attachmentName(seq: number): string {
  return `evidence-${seq}.bin`
}

/** The nearest earlier entry, at most 10 back, whose kind is `kind` and that is not withdrawn. */
function findTarget(
  vault: Vault,
  seq: number,
  kind: CrashKind
): { seq: number; id: string } | null {
  for (let s = seq - 1; s >= Math.max(1, seq - 10); s--) {
    const stored = vault.get(s)
    if (stored.kind === kind && stored.withdrawnBy === null) return { seq: s, id: stored.id }
  }
  return null
}

function draftFor(vault: Vault, seq: number): { kind: CrashKind; draft: EntryDraft } {
  const planned = plannedKind(seq)
  const title = (kind: CrashKind) => crashTitle(kind, seq)
  switch (planned) {
    case 'withdrawal': {
      const target = findTarget(vault, seq, 'file')
      if (target !== null) {
        return {
          kind: planned,
          draft: {
            kind: 'withdrawal',
            title: title(planned),
            payload: { target, reason: `crash test withdraws #${target.seq}` }
          }
        }
      }
      break
    }
    case 'amendment': {
      const target = findTarget(vault, seq, 'note')
      if (target !== null) {
        return {
          kind: planned,
          draft: {
            kind: 'amendment',
            title: title(planned),
            payload: {
              target,
              reason: 'crash test correction',
              changes: { title: `corrected #${target.seq}` }
            }
          }
        }
      }
      break
    }
    case 'incident':
      return {
        kind: planned,
        draft: {
          kind: 'incident',
          title: title(planned),
          occurredAt: '2026-03-01T10:00:00+05:00',
          payload: {
            type: 'search',
            body: `Іздеу / обыск ${seq}`,
            place: 'Алматы',
            itemsSeized: ['ноутбук', `телефон ${seq}`]
          }
        }
      }
    case 'file':
      return { kind: planned, draft: { kind: 'file', title: title(planned), payload: {} } }
    case 'note':
      break
  }
  return {
    kind: 'note',
    draft: {
      kind: 'note',
      title: title('note'),
      payload: { body: `Запись ${seq}: звонок с угрозой, требовали удалить статью.` }
    }
  }
}

/**
 * Start-up work that touches no vault file: loading libsodium and sql.js, and one Argon2id
 * run on a throwaway input, after which V8 has tiered the wasm up and the real unlock takes
 * half as long. The parent starts the next child while it still verifies the previous kill,
 * so this overlaps with that on the second core instead of adding to every round.
 */
async function warmUp(): Promise<void> {
  const sodium = await loadSodium()
  sodium.crypto_pwhash(
    32,
    'warm-up',
    new Uint8Array(sodium.crypto_pwhash_SALTBYTES),
    TEST_KDF.opslimit,
    TEST_KDF.memlimit,
    sodium.crypto_pwhash_ALG_ARGON2ID13
  )
  ;(await VaultDatabase.create()).close()
}

/** Resolves at the first data on stdin, or at its end (stdin from /dev/null: no waiting). */
export async function runCrashChild(vaultDir: string, scratchDir: string): Promise<void> {
  const passphrase = process.env.DALEL_PASSPHRASE
  if (passphrase === undefined) throw new Error('DALEL_PASSPHRASE is not set')
  await warmUp()
  say('warm')
  await goAhead()
  const vault = await Vault.open(vaultDir, { passphrase }, {}, { clock: { now: () => new Date() } })
  say(`ready ${vault.count()}`)
  for (;;) {
    const seq = vault.count() + 1
    const { kind, draft } = draftFor(vault, seq)
    say(`begin ${seq} ${kind}`)
    let stored
    if (kind === 'file') {
      const path = join(scratchDir, attachmentName(seq))
      await writeFile(path, attachmentBytes(seq))
      stored = await vault.append(draft, [{ path, mediaType: 'application/octet-stream' }])
      await rm(path, { force: true })
    } else {
      stored = await vault.append(draft)
    }
    say(`ack ${stored.seq} ${kind} ${stored.id}`)
    if (seq % COMPACT_EVERY === 0) {
      say('compact')
      await vault.compact()
      say('compacted')
    }
  }
}

// Runs only as a program (the parent bundles this file and starts it with node), not when
// the test imports the helpers above.
await runAsChildProgram(
  import.meta.url,
  'crash child',
  ['vault', 'scratch-dir'],
  ([vault, scratch]) => runCrashChild(vault, scratch)
)
