/**
 * The primitives the chain needs, behind a small interface so common/ stays free of any
 * runtime: node/ implements it with node:crypto and libsodium, a browser verifier with
 * WebCrypto. All inputs and outputs are raw bytes.
 */
export interface EvidenceCrypto {
  /** SHA-256, 32 bytes. */
  readonly sha256: (data: Uint8Array) => Uint8Array
  /** Ed25519 verification. @param publicKey 32 bytes raw @param signature 64 bytes */
  readonly verify: (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean
}

/** A holder of the vault's Ed25519 secret key; the key itself never leaves it. */
export interface Signer {
  /** 32 bytes raw. */
  readonly publicKey: Uint8Array
  /** 64-byte detached Ed25519 signature. */
  readonly sign: (message: Uint8Array) => Uint8Array
}

/** Randomness, injected so tests can fix salts. */
export type RandomBytes = (length: number) => Uint8Array

/** The wall clock, injected so tests can fix `recordedAt`. */
export interface Clock {
  readonly now: () => Date
}
