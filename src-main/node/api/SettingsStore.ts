import { mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { SETTINGS_FIELDS } from '../../common/contract/methodSchemas'
import type { Settings } from '../../common/contract/DalelApi'
import { fromUtf8, utf8 } from '../../common/encoding/bytes'
import { writeFileDurably } from '../fs/durable'

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  language: 'en',
  autoLockMinutes: 10,
  lastVaultPath: null,
  lastBackupTarget: null,
  backupWarningDays: 7,
  // Off by default: which sites a journalist captured must not be readable from a seized disk.
  keepCaptureLogins: false
}

/** Validates whatever the file held, field by field; anything unreadable is the default. */
export function settingsFrom(stored: unknown, defaults: Readonly<Settings>): Settings {
  const record: Record<string, unknown> =
    typeof stored === 'object' && stored !== null && !Array.isArray(stored)
      ? (stored as Record<string, unknown>)
      : {}
  const field = <K extends keyof Settings>(key: K): Settings[K] => {
    const parsed = SETTINGS_FIELDS[key].safeParse(record[key])
    return parsed.success ? (parsed.data as Settings[K]) : defaults[key]
  }
  return {
    language: field('language'),
    autoLockMinutes: field('autoLockMinutes'),
    lastVaultPath: field('lastVaultPath'),
    lastBackupTarget: field('lastBackupTarget'),
    backupWarningDays: field('backupWarningDays'),
    keepCaptureLogins: field('keepCaptureLogins')
  }
}

/**
 * The app's settings in one JSON file (none of it evidence, none of it secret). Written
 * durably, so a crash leaves the old file or the new one; read forgivingly, so a damaged or
 * hand-edited file costs the bad fields, never the start of the app.
 */
export class SettingsStore {
  private current: Settings
  /** writes one after another, so the file always ends with the newest settings */
  private writing: Promise<void> = Promise.resolve()

  private constructor(
    readonly path: string,
    settings: Settings
  ) {
    this.current = settings
  }

  /** Reads `path`; a missing, unreadable or malformed file gives the defaults. */
  static async open(path: string, defaults: Partial<Settings> = {}): Promise<SettingsStore> {
    const base = settingsFrom({ ...DEFAULT_SETTINGS, ...defaults }, DEFAULT_SETTINGS)
    let stored: unknown = {}
    try {
      stored = JSON.parse(fromUtf8(await readFile(path))) as unknown
    } catch {
      stored = {}
    }
    return new SettingsStore(path, settingsFrom(stored, base))
  }

  get(): Settings {
    return { ...this.current }
  }

  /** Applies a patch already validated by `settingsPatchSchema`, and writes the file. */
  async update(patch: Partial<Settings>): Promise<Settings> {
    const next = settingsFrom({ ...this.current, ...patch }, this.current)
    this.current = next
    const write = async () => {
      await mkdir(dirname(this.path), { recursive: true })
      await writeFileDurably(this.path, utf8(`${JSON.stringify(next, null, 2)}\n`))
    }
    const previous = this.writing
    const done = (async () => {
      await previous
      await write()
    })()
    this.writing = done.catch(() => undefined)
    await done
    return this.get()
  }
}
