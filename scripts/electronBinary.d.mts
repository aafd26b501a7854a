// Types of electronBinary.mjs, for the Electron suite (e2e/electron).
/** The Electron binary npm installed, or null when its download never happened. */
export declare function findElectronBinary(root: string): string | null
