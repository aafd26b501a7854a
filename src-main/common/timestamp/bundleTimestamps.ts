import type { ChainLink } from '../chain/ChainLink'
import { fromUtf8, utf8 } from '../encoding/bytes'
import type { TimestampAnchorPayload } from '../entry/Entry'
import type { BundleProblem } from '../bundle/ScannedBundle'
import { coverageOf } from './anchorCoverage'
import { headStatement, parseHeadStatement } from './headStatement'
import { fromBase64 } from './pem'
import { checkStoredToken } from './verifyTimeStampResponse'

/** The bundle folder of head statements and tokens (DESIGN "Evidence bundle"). */
export const TIMESTAMPS_DIR = 'timestamps'
const STATEMENT_FILE = /^timestamps\/([1-9][0-9]*)\.txt$/
const TOKEN_FILE = /^timestamps\/([1-9][0-9]*)\.([1-9][0-9]*)\.(tsr|pem)$/

/** Whether a bundle path is one of timestamps/ (a verifier keeps these in memory). */
export function isTimestampFile(path: string): boolean {
  return STATEMENT_FILE.test(path) || TOKEN_FILE.test(path)
}

/**
 * The files of timestamps/ for the disclosed entries: for each anchor that is the first to
 * cover one of them, `<seq>.txt` (the head statement of the covered seq), and per token k
 * (1-based, in the anchor's order) `<seq>.<k>.tsr` (the TimeStampResp, DER) and
 * `<seq>.<k>.pem` (the certificates the authority sent), so `openssl ts -verify` checks each
 * with nothing else.
 */
export function bundleTimestampFiles(
  vaultId: string,
  anchors: readonly { seq: number; payload: TimestampAnchorPayload }[],
  disclosedSeqs: readonly number[]
): { path: string; bytes: Uint8Array }[] {
  const chosen = new Map<number, TimestampAnchorPayload>()
  for (const seq of disclosedSeqs) {
    const coverage = coverageOf(seq, anchors)
    const anchor = anchors.find((a) => a.seq === coverage?.anchorSeq)
    if (anchor !== undefined) chosen.set(anchor.payload.covered.seq, anchor.payload)
  }
  const files: { path: string; bytes: Uint8Array }[] = []
  for (const [seq, payload] of [...chosen].sort((a, b) => a[0] - b[0])) {
    files.push({
      path: `${TIMESTAMPS_DIR}/${seq}.txt`,
      bytes: utf8(headStatement({ vaultId, seq, chain: payload.covered.chain }))
    })
    payload.tokens.forEach((token, index) => {
      const k = index + 1
      files.push({ path: `${TIMESTAMPS_DIR}/${seq}.${k}.tsr`, bytes: fromBase64(token.response) })
      files.push({
        path: `${TIMESTAMPS_DIR}/${seq}.${k}.pem`,
        bytes: utf8(token.certificates.join(''))
      })
    })
  }
  return files
}

/** What the bundle proves about when a disclosed entry existed. */
export interface EntryTimestamp {
  seq: number
  /** the statement's seq: entries 1…coveredSeq */
  coveredSeq: number
  /** the earliest verified genTime among the tokens, ISO 8601 */
  genTime: string
  /** the signer of that token, e.g. "CN=…, O=…" */
  authority: string
  /** its chain reached a root trusted here (false: intact, but the root is the reader's call) */
  trusted: boolean
}

export interface BundleTimestampsCheck {
  problems: BundleProblem[]
  /** per disclosed entry: its timestamp, or null for "not timestamped" */
  entries: { seq: number; timestamp: EntryTimestamp | null }[]
}

interface StatementTokens {
  chain: string
  tokens: { path: string; bytes: Uint8Array }[]
  verified: { genTime: string; authority: string; trusted: boolean }[]
}

function recordedAtOf(bytes: Uint8Array | undefined): string | null {
  if (bytes === undefined) return null
  try {
    const parsed = JSON.parse(fromUtf8(bytes)) as { entry?: { recordedAt?: unknown } }
    return typeof parsed.entry?.recordedAt === 'string' ? parsed.entry.recordedAt : null
  } catch {
    return null
  }
}

/**
 * Checks timestamps/ against chain.jsonl and the manifest: each statement is exactly the head
 * statement of its seq's chain hash in this vault, and each token verifies for it (signature,
 * chain to `trustedRoots` or else to the certificates it carries, key usage, ESSCertID, and
 * genTime not before any disclosed entry it covers was recorded). A statement that does not
 * match, or a token that does not verify, is a problem; a disclosed entry no token covers is
 * "not timestamped", which is not.
 */
export async function checkBundleTimestamps(
  files: ReadonlyMap<string, { bytes?: Uint8Array }>,
  context: {
    vaultId: string
    links: readonly ChainLink[]
    disclosed: readonly { seq: number; entryJson?: Uint8Array }[]
    trustedRoots: readonly Uint8Array[]
  }
): Promise<BundleTimestampsCheck> {
  const problems: BundleProblem[] = []
  const statements = new Map<number, StatementTokens>()
  const chainOf = new Map(context.links.map((l) => [l.seq, l.chain]))
  for (const [path, file] of files) {
    const match = STATEMENT_FILE.exec(path)
    if (match === null) continue
    const seq = Number(match[1])
    let statement = null
    try {
      statement = file.bytes === undefined ? null : parseHeadStatement(fromUtf8(file.bytes))
    } catch {
      statement = null
    }
    if (
      statement?.seq !== seq ||
      statement.vaultId !== context.vaultId ||
      chainOf.get(seq) !== statement.chain
    ) {
      problems.push({
        code: 'timestamp-statement-mismatch',
        file: path,
        seq,
        detail: 'not the head statement of this seq in chain.jsonl'
      })
      continue
    }
    statements.set(seq, { chain: statement.chain, tokens: [], verified: [] })
  }
  for (const [path, file] of files) {
    if (!path.startsWith(`${TIMESTAMPS_DIR}/`) || STATEMENT_FILE.test(path)) continue
    const match = TOKEN_FILE.exec(path)
    const owner = match === null ? undefined : statements.get(Number(match[1]))
    if (match === null || (owner === undefined && !files.has(`${TIMESTAMPS_DIR}/${match[1]}.txt`)))
      problems.push({ code: 'unexpected-file', file: path, detail: 'not a statement or token' })
    else if (match[3] === 'tsr' && owner !== undefined)
      owner.tokens.push({ path, bytes: file.bytes ?? new Uint8Array() })
  }
  const recorded = context.disclosed.map((d) => ({ seq: d.seq, at: recordedAtOf(d.entryJson) }))
  for (const [seq, statement] of statements) {
    const covered = recorded.filter((r) => r.seq <= seq && r.at !== null).map((r) => r.at ?? '')
    const notBefore = covered.sort().at(-1)
    for (const token of statement.tokens) {
      const check = await checkStoredToken(token.bytes, {
        statement: utf8(headStatement({ vaultId: context.vaultId, seq, chain: statement.chain })),
        trustedRoots: context.trustedRoots,
        ...(notBefore !== undefined ? { notBefore } : {})
      })
      if (check.status === 'failed') {
        problems.push({
          code: 'timestamp-invalid',
          file: token.path,
          seq,
          detail: `${check.code}: ${check.detail}`
        })
        continue
      }
      statement.verified.push({
        genTime: check.facts.genTime,
        authority: check.facts.signer,
        trusted: check.status === 'verified'
      })
    }
    if (statement.tokens.length === 0)
      problems.push({
        code: 'timestamp-invalid',
        file: `${TIMESTAMPS_DIR}/${seq}.txt`,
        seq,
        detail: 'a statement without a token'
      })
  }
  const entries = context.disclosed.map(({ seq }) => {
    let best: EntryTimestamp | null = null
    for (const [coveredSeq, statement] of statements) {
      if (coveredSeq < seq) continue
      for (const v of statement.verified)
        if (best === null || v.genTime < best.genTime) best = { seq, coveredSeq, ...v }
    }
    return { seq, timestamp: best }
  })
  return { problems, entries }
}
