import { SealWorker } from './SealWorker'
import { Sha256Worker } from './Sha256Worker'
import { chunkAead } from './streamCipher'

/**
 * The threads a large attachment is hashed and sealed on: one hashing, and two sealing where
 * this runtime's Node cipher has ChaCha20-Poly1305 (in Electron each chunk is sealed through
 * libsodium on the calling thread instead, chunkAead). Starting them costs 50–60 ms before
 * the first block is sealed and ~0.1 s of CPU (measured, three threads), ending them another
 * 10–20 ms: a twentieth of attaching 1 GiB, so the app keeps one set between files
 * (SealThreadPool). Between files they hold no key and no hash state.
 */
export class SealThreads {
  private constructor(
    readonly hasher: Sha256Worker | null,
    readonly sealers: readonly [SealWorker, SealWorker] | null
  ) {}

  /** The threads asked for; the sealing pair only where the Node cipher has ChaCha20-Poly1305. */
  static start(want: { hasher: boolean; sealers: boolean }): SealThreads {
    return new SealThreads(
      want.hasher ? Sha256Worker.start() : null,
      want.sealers && chunkAead.name === 'node' ? [SealWorker.start(), SealWorker.start()] : null
    )
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
