import type { PageT } from './entryText'
import { h } from './h'

/** The two ways in: a zip, or the folder it was unzipped to. */
export function renderPicker(
  t: PageT,
  onZip: (file: File) => void,
  onFolder: (files: FileList) => void
): HTMLElement {
  const zipInput = h('input', {
    type: 'file',
    accept: '.zip,application/zip',
    id: 'pick-zip',
    class: 'visually-hidden'
  }) as HTMLInputElement
  zipInput.addEventListener('change', () => {
    const file = zipInput.files?.[0]
    if (file !== undefined) onZip(file)
  })
  const folderInput = h('input', {
    type: 'file',
    id: 'pick-folder',
    class: 'visually-hidden',
    webkitdirectory: '',
    multiple: ''
  }) as HTMLInputElement
  folderInput.addEventListener('change', () => {
    if (folderInput.files !== null && folderInput.files.length > 0) onFolder(folderInput.files)
  })
  return h(
    'section',
    { class: 'picker' },
    h('p', {}, t('verifyPage.intro')),
    h(
      'div',
      { class: 'buttons' },
      h('label', { class: 'button', for: 'pick-zip' }, t('verifyPage.pickZip')),
      zipInput,
      h('label', { class: 'button', for: 'pick-folder' }, t('verifyPage.pickFolder')),
      folderInput
    ),
    h('p', { class: 'hint' }, t('verifyPage.dropHint'))
  )
}
