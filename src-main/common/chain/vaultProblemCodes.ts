import { TOKEN_PROBLEMS } from '../timestamp/verifyTimeStampResponse'

/**
 * Every problem and warning `dalel verify` and the app's vault check can report. Each has a
 * sentence in the locale files: `verifyProblem.<code>`, or `tokenProblem.<code>` for a
 * trusted timestamp's token (the same words `dalel timestamp` uses).
 */
export const VAULT_PROBLEM_CODES = [
  // an entry as stored (node/vault/verifyVault)
  'entry-unreadable',
  'entry-not-canonical',
  'entry-index-mismatch',
  'salt-missing',
  'commitment-mismatch',
  'attachment-index-mismatch',
  'content-missing',
  // the chain (common/chain/verifyLinks)
  'seq-gap',
  'malformed-link',
  'chain-mismatch',
  'bad-signature',
  // the attached files
  'blob-mismatch',
  'blob-missing',
  'blob-corrupt',
  'blob-unreadable',
  // trusted timestamps (node/timestamp/verifyAnchors)
  'anchor-covers-later',
  'anchor-chain-mismatch',
  'anchor-gentime-mismatch',
  ...TOKEN_PROBLEMS,
  // warnings
  'blob-unreferenced',
  'torn-journal-tail',
  'stale-journal',
  'token-root-not-trusted'
] as const
export type VaultProblemCode = (typeof VAULT_PROBLEM_CODES)[number]
