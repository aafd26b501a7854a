import type { TimestampingSettingPayload } from '../../common/entry/Entry'
import { toSha256Hex } from '../../common/encoding/brands'
import type { StoredEntry, Vault } from '../vault/Vault'
import type { AuthorityAnswer } from './collectTimestamps'
import { collectTimestamps } from './collectTimestamps'
import { DEFAULT_AUTHORITIES } from './defaultAuthorities'
import { trustedTsaRoots } from './trustedTsaRoots'

/** The vault's timestamping setting: its newest setting anchor, or off with no anchor. */
export function timestampingSetting(vault: Vault): TimestampingSettingPayload {
  for (const stored of vault.list({ kinds: ['anchor'] })) {
    const entry = stored.entry
    if (entry?.kind === 'anchor' && entry.payload.action === 'setting') return entry.payload
  }
  return { action: 'setting', enabled: false, authorities: [], trustedCas: [] }
}

/** The highest seq any timestamp anchor covers (0 when none does). */
export function latestCoveredSeq(vault: Vault): number {
  let covered = 0
  for (const stored of vault.list({ kinds: ['anchor'] })) {
    const entry = stored.entry
    if (entry?.kind === 'anchor' && entry.payload.action === 'timestamp')
      covered = Math.max(covered, entry.payload.covered.seq)
  }
  return covered
}

/**
 * Whether an entry exists that no anchor covers yet. Timestamp anchors themselves do not
 * count: an anchor appended after its head leaves nothing new to vouch for.
 */
export function hasUncoveredEntries(vault: Vault): boolean {
  const covered = latestCoveredSeq(vault)
  const page = 64
  let beforeSeq: number | undefined
  for (;;) {
    const entries = vault.list({ limit: page, ...(beforeSeq !== undefined ? { beforeSeq } : {}) })
    for (const stored of entries) {
      if (stored.seq <= covered) return false
      const entry = stored.entry
      if (!(entry?.kind === 'anchor' && entry.payload.action === 'timestamp')) return true
    }
    const last = entries[entries.length - 1]
    if (entries.length < page || last === undefined) return false
    beforeSeq = last.seq
  }
}

export interface TimestampOptions {
  /** authorities for this call; otherwise the setting's, otherwise DEFAULT_AUTHORITIES */
  authorities?: readonly string[]
  /** CAs trusted for this call besides the system's and the setting's, PEM */
  trustedCas?: readonly string[]
  timeoutMs?: number
}

export interface TimestampResult {
  /** the anchor recorded, or null when no authority gave a token that verified */
  anchor: StoredEntry | null
  covered: { seq: number; chain: string }
  answers: AuthorityAnswer[]
}

/** The authorities and roots a call uses, after the setting and the call's own options. */
export function timestampPlan(
  vault: Vault,
  options: TimestampOptions
): { authorities: readonly string[]; trustedCas: string[] } {
  const setting = timestampingSetting(vault)
  const authorities =
    options.authorities !== undefined && options.authorities.length > 0
      ? options.authorities
      : setting.authorities.length > 0
        ? setting.authorities
        : DEFAULT_AUTHORITIES
  return { authorities, trustedCas: [...setting.trustedCas, ...(options.trustedCas ?? [])] }
}

/**
 * Asks the authorities for tokens over the vault's current head and, when at least one
 * verifies, appends an anchor holding them. Nothing is recorded when none does.
 */
export async function timestampVault(
  vault: Vault,
  options: TimestampOptions = {}
): Promise<TimestampResult> {
  const head = vault.head()
  if (head.seq === 0 || head.chain === null) throw new Error('an empty vault has no head to stamp')
  const covered = { seq: head.seq, chain: head.chain }
  const plan = timestampPlan(vault, options)
  const answers = await collectTimestamps(
    { vaultId: vault.vaultId, seq: covered.seq, chain: covered.chain },
    {
      authorities: plan.authorities,
      trustedRoots: trustedTsaRoots(plan.trustedCas),
      notBefore: vault.get(covered.seq).recordedAt,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {})
    }
  )
  const tokens = answers.flatMap((answer) => (answer.ok ? [answer.token] : []))
  if (tokens.length === 0) return { anchor: null, covered, answers }
  const anchor = await vault.append({
    kind: 'anchor',
    title: `#1–#${covered.seq}`,
    payload: {
      action: 'timestamp',
      covered: { seq: covered.seq, chain: toSha256Hex(covered.chain) },
      tokens
    }
  })
  return { anchor, covered, answers }
}

/** Records the vault's timestamping choice as a setting anchor. */
export async function setTimestamping(
  vault: Vault,
  setting: Omit<TimestampingSettingPayload, 'action'>
): Promise<StoredEntry> {
  return vault.append({
    kind: 'anchor',
    // The title is not shown as text (faces read the payload); RFC 3161 names what it is about.
    title: 'RFC 3161',
    payload: { action: 'setting', ...setting }
  })
}
