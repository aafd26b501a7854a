// What the benchmark calls in Dalel's own code. scripts/bench/run.mjs bundles this file with
// esbuild into node_modules/.cache/dalel-bench/benchLib.mjs (dependencies stay external, so
// libsodium-wrappers-sumo and sql.js resolve from node_modules as they do for the CLI).
// The vault is used through its public API; the lower layers are exported only so the unlock
// child can time the phases of an unlock one by one, for the report's bottleneck analysis.
export { Vault, SNAPSHOT_FILE, JOURNAL_FILE, VAULT_FILE } from '../../src-main/node/vault/Vault'
export { loadSodium } from '../../src-main/node/crypto/loadSodium'
export { openSealedBytes } from '../../src-main/node/vault/sealedFile'
export { parseJournal } from '../../src-main/node/vault/journalFile'
export { StreamPurpose, plaintextLength } from '../../src-main/node/crypto/streamCipher'
export { DatabaseImage, VaultDatabase } from '../../src-main/node/db/VaultDatabase'
export {
  parseVaultHeader,
  passphraseKey,
  unwrapMasterKey
} from '../../src-main/node/vault/vaultHeader'
export { deriveVaultKeys, wipeVaultKeys } from '../../src-main/node/vault/vaultKeys'
export { verifySignatures } from '../../src-main/node/crypto/verifySignatures'
