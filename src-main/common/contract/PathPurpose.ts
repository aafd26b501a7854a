/**
 * What the person chose a path for in one of Dalel's dialogs; the desktop app grants a path
 * to the page for that purpose only (electron-main/ChosenPaths).
 */
export const PATH_PURPOSES = [
  'attach-file',
  'export-destination',
  'attachment-copy',
  'backup-target',
  'restore-source',
  'vault-folder',
  'verify-bundle'
] as const
export type PathPurpose = (typeof PATH_PURPOSES)[number]
