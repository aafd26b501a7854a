import { SealWorker } from './SealWorker'
import { Sha256Worker } from './Sha256Worker'
import { sodiumModulePath } from './sodiumModulePath'
import { chunkAead } from './streamCipher'

/**
 * The threads a large attachment is hashed and sealed on: one hashing, and two sealing — with
 * Node's cipher, or where the runtime's Node lacks ChaCha20-Poly1305 (Electron's BoringSSL)
 * with libsodium loaded on each sealing thread (3.3 s of CPU per GiB there against 0.6 s: two
 * threads halve it, and the app's main process stays free). Where a sealing thread cannot load
 * libsodium, the caller seals on its own thread (`readySealers` gives null). Starting them
 * costs 50–60 ms before the first block is sealed and ~0.1 s of CPU (measured, three
 * threads), ending them another 10–20 ms: a twentieth of attaching 1 GiB, so the app keeps
 * one set between files (SealThreadPool). Between files they hold no key and no hash state.
 */
export class SealThreads {
  private constructor(
    readonly hasher: Sha256Worker | null,
    readonly sealers: readonly [SealWorker, SealWorker] | null
  ) {}

  /**
   * The threads asked for. The sealing pair seals with `aead` (this runtime's, chunkAead,
   * unless a test asks for the other); with libsodium only where a thread can load it.
   */
  static start(want: {
    hasher: boolean
    sealers: boolean
    aead?: 'node' | 'libsodium'
  }): SealThreads {
    const aead = want.aead ?? chunkAead.name
    const sodiumPath = aead === 'node' ? null : sodiumModulePath()
    const sealable = want.sealers && (aead === 'node' || sodiumPath !== null)
    return new SealThreads(
      want.hasher ? Sha256Worker.start() : null,
      sealable ? [SealWorker.start(sodiumPath), SealWorker.start(sodiumPath)] : null
    )
  }

  /** The sealing pair once both can seal, or null when there is none or one never will. */
  async readySealers(): Promise<readonly [SealWorker, SealWorker] | null> {
    if (this.sealers === null) return null
    const ready = await Promise.all(this.sealers.map((sealer) => sealer.ready))
    return ready.every(Boolean) ? this.sealers : null
  }

  /** Whether every thread still answers. */
  get usable(): boolean {
    return (this.hasher?.usable ?? true) && (this.sealers?.every((s) => s.usable) ?? true)
  }

  /** Keeps the process alive while they work, or not while they wait for a file. */
  hold(held: boolean): void {
    this.hasher?.hold(held)
    for (const sealer of this.sealers ?? []) sealer.hold(held)
  }

  /** Ends every thread; the sealing threads wipe their copy of a key first. */
  async dispose(): Promise<void> {
    await Promise.all([
      this.hasher?.dispose().catch(() => undefined),
      ...(this.sealers ?? []).map((sealer) => sealer.dispose().catch(() => undefined))
    ])
  }
}
