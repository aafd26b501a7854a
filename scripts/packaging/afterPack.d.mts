// Types of afterPack.mjs, for the test that checks the fuses (e2e/node/packaging.test.ts).
export declare const DALEL_FUSES: Readonly<Record<string, boolean>>

export declare function fuseConfigFor(
  fuses: Readonly<Record<string, boolean>>,
  options?: { resetAdHocDarwinSignature?: boolean }
): Record<string, unknown>

export interface AfterPackContextLike {
  electronPlatformName: string
  appOutDir: string
  arch: number
  packager: { executableName: string; appInfo: { productFilename: string } }
}

export declare function electronBinaryOf(context: AfterPackContextLike): string

export declare function afterPack(context: AfterPackContextLike): Promise<void>
