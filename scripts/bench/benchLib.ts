// What the benchmark's unlock child calls in Dalel's code. scripts/bench/run.ts bundles this
// file with esbuild into node_modules/.cache/dalel-bench/benchLib.mjs (dependencies external, so
// libsodium-wrappers-sumo and sql.js resolve from node_modules as they do for the CLI).
// The vault is used through its public API; an unlock's steps are timed by Vault.open's
// onPhase hook. The header parser and libsodium are here to time Argon2id alone, with the
// vault's own parameters, as the limit an unlock is compared with.
export { Vault, SNAPSHOT_FILE, JOURNAL_FILE, VAULT_FILE } from '../../src-main/node/vault/Vault'
export { loadSodium } from '../../src-main/node/crypto/loadSodium'
export { parseVaultHeader } from '../../src-main/node/vault/vaultHeader'
export { verifySignatures } from '../../src-main/node/crypto/verifySignatures'
