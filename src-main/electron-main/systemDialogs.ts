import { dialog } from 'electron'
import type {
  BrowserWindow,
  OpenDialogOptions,
  OpenDialogReturnValue,
  SaveDialogOptions
} from 'electron'
import { join } from 'node:path'
import type { MessageKey, MessageParams } from '../common/i18n/translate'

const FOLDER_TITLES = {
  vault: 'desktop.dialog.chooseFolder.vault',
  backup: 'desktop.dialog.chooseFolder.backup',
  export: 'desktop.dialog.chooseFolder.export'
} as const satisfies Record<string, MessageKey>

export interface SystemDialogsDeps {
  /** the window the dialogs belong to (modal to it), or null before it exists */
  window: () => BrowserWindow | null
  t: (key: MessageKey, params?: MessageParams) => string
  documentsDir: () => string
}

export interface SystemDialogs {
  chooseFiles(): Promise<string[]>
  chooseFolder(purpose: keyof typeof FOLDER_TITLES): Promise<string | null>
  /** The save dialog for a bundle or an attachment's copy, opening on `name` in Documents. */
  chooseSaveFile(purpose: 'export' | 'attachment', name: string): Promise<string | null>
  /** The open dialog for one evidence bundle to verify. */
  chooseBundle(): Promise<string | null>
}

/**
 * The system's open and save dialogs, titled in Dalel's language. What they return is only a
 * choice: main grants it to the page through ChosenPaths, per purpose.
 */
export function createSystemDialogs({ window, t, documentsDir }: SystemDialogsDeps): SystemDialogs {
  const open = (options: OpenDialogOptions): Promise<OpenDialogReturnValue> => {
    const parent = window()
    return parent === null ? dialog.showOpenDialog(options) : dialog.showOpenDialog(parent, options)
  }
  const firstPath = (result: OpenDialogReturnValue): string | null =>
    result.canceled ? null : (result.filePaths[0] ?? null)
  const bundleFilter = (): { name: string; extensions: string[] } => ({
    name: t('desktop.dialog.bundleFilter'),
    extensions: ['zip']
  })

  return {
    async chooseFiles() {
      const result = await open({
        title: t('desktop.dialog.chooseFiles'),
        properties: ['openFile', 'multiSelections']
      })
      return result.canceled ? [] : result.filePaths
    },
    async chooseFolder(purpose) {
      return firstPath(
        await open({
          title: t(FOLDER_TITLES[purpose]),
          properties: ['openDirectory', 'createDirectory']
        })
      )
    },
    async chooseSaveFile(purpose, name) {
      const options: SaveDialogOptions = {
        title: t(purpose === 'export' ? 'desktop.dialog.saveBundle' : 'desktop.dialog.saveCopy'),
        defaultPath: join(documentsDir(), name),
        filters: purpose === 'export' ? [bundleFilter()] : [],
        // The page asks "replace?" itself when the file exists (bundle-exists, file-exists);
        // the system's question, where it asks one, comes first.
        properties: ['showOverwriteConfirmation', 'createDirectory']
      }
      const parent = window()
      const result =
        parent === null
          ? await dialog.showSaveDialog(options)
          : await dialog.showSaveDialog(parent, options)
      return result.canceled || result.filePath === '' ? null : result.filePath
    },
    async chooseBundle() {
      return firstPath(
        await open({
          title: t('desktop.dialog.openBundle'),
          filters: [bundleFilter()],
          properties: ['openFile']
        })
      )
    }
  }
}
