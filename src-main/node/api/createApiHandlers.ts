import { z } from 'zod'
import type {
  BackupResultView,
  DalelEvents,
  EventName,
  MethodName,
  MethodValue,
  VerifyReportView
} from '../../common/contract/DalelApi'
import { METHOD_SCHEMAS } from '../../common/contract/methodSchemas'
import type { PathPurpose } from '../../common/contract/PathPurpose'
import type { Result } from '../../common/contract/Result'
import { DalelError, isDalelError } from '../../common/errors/DalelError'
import type { ErrorCode, ErrorParams } from '../../common/errors/DalelError'
import { translate } from '../../common/i18n/translate'
import type { MessageKey } from '../../common/i18n/translate'
import {
  withoutUndefined as defined,
  withoutUndefinedDeep
} from '../../common/util/withoutUndefined'
import type { AmendInput } from '../../common/contract/VaultApi'
import type { CaptureBrowser } from '../ports/CdpTransport'
import type { EntryView } from '../../common/contract/VaultApi'
import type { VaultService } from '../services/VaultService'
import { bundleCheckView } from '../services/bundleCheckView'
import { captureTempInRam } from '../services/captureTempInRam'
import { vaultFingerprint } from '../services/vaultFingerprint'
import { WatchService } from '../services/WatchService'
import type { VerifyReport } from '../vault/verifyVault'
import type { SettingsStore } from './SettingsStore'

/** How the service is asked for captures (node/capture's WebCaptureRun). */
type WebCaptureRun = Parameters<VaultService['captureWeb']>[1]

/** Every method of the contract, taking its argument as it arrived: untrusted, unparsed. */
export type ApiHandlers = {
  [M in MethodName]: (args: unknown) => Promise<Result<MethodValue<M>>>
}

export interface ApiDeps {
  service: VaultService
  settings: SettingsStore
  /**
   * The browser captures run in: in the app the capture window's session, in tests a system
   * Chromium. Asked for at each capture; the handlers never close it, its owner does.
   */
  captureBrowser: () => Promise<CaptureBrowser>
  /**
   * The browser that prints report.pdf. The app gives one with an in-memory session that
   * loads nothing from the network, apart from the capture window's logged-in one; absent,
   * the capture browser prints.
   */
  reportBrowser?: () => Promise<CaptureBrowser>
  /** the system file picker; absent where there is none (tests): chooseFiles answers [] */
  chooseFiles?: () => Promise<string[]>
  /** the system folder picker; absent where there is none (tests): chooseFolder answers null */
  chooseFolder?: (purpose: 'vault' | 'backup' | 'export') => Promise<string | null>
  /** the system save dialog proposing `name`; absent (tests without one): null */
  chooseSaveFile?: (purpose: 'export' | 'attachment', name: string) => Promise<string | null>
  /** the system picker for one bundle to verify; absent (tests without one): null */
  chooseBundle?: () => Promise<string | null>
  emit: <E extends EventName>(event: E, payload: DalelEvents[E]) => void
  /** Dalel's version, recorded in every capture */
  toolVersion: string
  /**
   * Whether a path the page sent may be read or written outside a vault: the files to
   * attach, the bundle to write, the backup folder, the backup to restore from and the
   * folder to restore into. The app answers true only for what its own dialogs returned (or
   * lies inside a folder they returned), so a compromised page cannot make Dalel read or
   * overwrite any file it names. The vault path of createVault and unlock may be typed and
   * is not asked about: creating refuses a non-empty folder, unlocking only reads a vault.
   * Absent: every path is allowed (tests, the CLI).
   */
  allowPath?: (purpose: PathPurpose, path: string) => boolean | Promise<boolean>
  /** Argon2id limits for new vaults; MODERATE unless given. Only tests pass lower ones. */
  kdfLimits?: { opslimit: number; memlimit: number }
  /** one watch-list probe's time limit in ms; 15 s unless given (tests give less) */
  watchTimeoutMs?: number
  /**
   * Whether captures' temporary files stay in RAM (captureTempDir). The app answers what it
   * did before its ready event (moveTempDirToRam); absent, the decision a capture browser
   * started now would take (captureTempInRam).
   */
  captureTempInRam?: () => boolean | Promise<boolean>
  /** Called with each unforeseen error (for a log); the page only ever sees code 'internal'. */
  onInternalError?: (method: MethodName, error: unknown) => void
}

type Parsed<M extends MethodName> = z.infer<(typeof METHOD_SCHEMAS)[M]>

/** The first bad field of a refused argument, as a dotted path ("officials.0.name"). */
function fieldOf(error: z.ZodError): string {
  const issue = error.issues[0]
  if (issue === undefined) return 'args'
  // A key the method does not take is named itself, not its parent object.
  const path =
    issue.code === 'unrecognized_keys' ? [...issue.path, ...issue.keys.slice(0, 1)] : issue.path
  return path.length === 0 ? 'args' : path.join('.')
}

/**
 * The contract's methods over one VaultService: each argument checked against its schema,
 * each answer a `Result` whose failures carry a stable code and a message in the user's
 * language. Nothing here holds logic of its own beyond parsing and presenting (DESIGN
 * "Layout"): the same service answers the CLI.
 */
export function createApiHandlers(deps: ApiDeps): ApiHandlers {
  const { service, settings } = deps
  // The watch list runs while the vault is unlocked, whichever face bound these handlers; its
  // probes reach the page as events (the app adds a system notification on a change).
  const watch = new WatchService(
    service,
    defined({
      toolVersion: deps.toolVersion,
      timeoutMs: deps.watchTimeoutMs,
      onProbe: (event: DalelEvents['watchProbe']) => {
        deps.emit('watchProbe', event)
      },
      onError: (error: unknown) => {
        deps.onInternalError?.('watchCheck', error)
      }
    })
  )

  const failure = (
    code: ErrorCode,
    params: ErrorParams
  ): { ok: false; error: { code: ErrorCode; params: ErrorParams; message: string } } => ({
    ok: false,
    error: {
      code,
      params,
      message: translate(settings.get().language, `error.${code}` as MessageKey, params)
    }
  })

  function handle<M extends MethodName>(
    method: M,
    run: (args: Parsed<M>) => Promise<MethodValue<M>>
  ): (args: unknown) => Promise<Result<MethodValue<M>>> {
    return async (args) => {
      const parsed = METHOD_SCHEMAS[method].safeParse(args)
      if (!parsed.success) return failure('invalid-input', { field: fieldOf(parsed.error) })
      try {
        return { ok: true, value: await run(parsed.data) }
      } catch (error) {
        if (isDalelError(error)) return failure(error.code, error.params)
        deps.onInternalError?.(method, error)
        return failure('internal', {})
      }
    }
  }

  const checkPath = async (field: string, value: string, purpose: PathPurpose): Promise<string> => {
    if (deps.allowPath !== undefined && !(await deps.allowPath(purpose, value)))
      throw new DalelError('invalid-input', { field })
    return value
  }

  const rememberVault = async (vaultPath: string): Promise<void> => {
    if (settings.get().lastVaultPath !== vaultPath)
      await settings.update({ lastVaultPath: vaultPath })
  }

  const browser = async (): Promise<CaptureBrowser> => {
    try {
      return await deps.captureBrowser()
    } catch (error) {
      if (isDalelError(error)) throw error
      const detail = error instanceof Error ? (error.message.split('\n')[0] ?? '') : ''
      throw new DalelError('browser-unavailable', { detail }, { cause: error })
    }
  }

  /** The capture browser, asked for only when the service opens the first page: the service
   * checks every address first, so a bad one never starts a browser. Never closed here. */
  const browserOnFirstPage = (): CaptureBrowser => {
    let acquired: Promise<CaptureBrowser> | null = null
    return {
      openPage: async () => (await (acquired ??= browser())).openPage(),
      close: () => Promise.resolve()
    }
  }

  /** The capture or recheck under way, for cancelCapture to stop. One runs at a time. */
  let captureUnderWay: AbortController | null = null

  /** A capture run that reports progress to the page and can be cancelled. */
  const withCaptureRun = async (
    timeoutSeconds: number | undefined,
    capture: (run: WebCaptureRun) => Promise<EntryView[]>
  ): Promise<EntryView[]> => {
    captureUnderWay?.abort()
    const controller = new AbortController()
    captureUnderWay = controller
    try {
      return await capture({
        browser: browserOnFirstPage(),
        toolVersion: deps.toolVersion,
        signal: controller.signal,
        ...(timeoutSeconds !== undefined ? { timeoutMs: timeoutSeconds * 1000 } : {}),
        onStarted: (progress) => {
          deps.emit('captureProgress', { ...progress, stage: 'loading' })
        },
        onRecorded: ({ index, total, url, view, payload }) => {
          deps.emit('captureProgress', {
            index,
            total,
            url,
            stage: 'recorded',
            entry: view,
            outcome: payload.outcome
          })
        }
      })
    } finally {
      if (captureUnderWay === controller) captureUnderWay = null
    }
  }

  return {
    createVault: handle(
      'createVault',
      async ({ path: vaultPath, passphrase, author, timestamping }) => {
        const result = await service.createVault(vaultPath, {
          passphrase,
          ...defined({ author, kdfLimits: deps.kdfLimits })
        })
        // The choice is the vault's first entry, so the CLI and a restored copy read it too.
        if (timestamping === true) await service.setTimestamping({ enabled: true })
        await rememberVault(vaultPath)
        return timestamping === true ? { ...result, summary: service.summary() } : result
      }
    ),

    unlock: handle('unlock', async ({ path: vaultPath, secret }) => {
      const summary = await service.unlock(vaultPath, secret)
      await rememberVault(vaultPath)
      return summary
    }),

    lock: handle('lock', async () => {
      await service.lock()
      deps.emit('locked', { reason: 'user' })
      return null
    }),

    status: handle('status', () =>
      Promise.resolve(service.isUnlocked() ? service.summary() : null)
    ),

    list: handle('list', (query) => Promise.resolve(service.list(defined(query)))),

    search: handle('search', ({ query }) => Promise.resolve(service.search(query))),

    timeline: handle('timeline', (args) => Promise.resolve(service.timeline(defined(args)))),

    getEntry: handle('getEntry', ({ ref }) => Promise.resolve(service.getEntry(ref))),

    checkEntry: handle('checkEntry', ({ seq }) => Promise.resolve(service.checkEntry(seq))),

    captureRequests: handle('captureRequests', ({ seq }) => service.captureRequests(seq)),

    saveAttachment: handle('saveAttachment', async ({ seq, index, out, overwrite }) => {
      await checkPath('out', out, 'attachment-copy')
      return service.saveAttachmentCopy({ seq, index, out, ...defined({ overwrite }) })
    }),

    addNote: handle('addNote', (input) => service.addNote(defined(input))),

    addIncident: handle('addIncident', ({ officials, peoplePresent, ...input }) =>
      service.addIncident({
        ...defined(input),
        ...defined({
          officials: officials?.map((official) => defined(official)),
          peoplePresent: peoplePresent?.map((person) => defined(person))
        })
      })
    ),

    addAttachment: handle('addAttachment', async ({ paths, title, body, about }) => {
      const files: { path: string }[] = []
      for (const file of paths) files.push({ path: await checkPath('paths', file, 'attach-file') })
      const estimate = progressEstimator()
      return service.addAttachment({ files, ...defined({ title, body, about }) }, (progress) => {
        const event = estimate(progress.bytesDone, progress.bytesTotal)
        if (event !== null) deps.emit('attachProgress', event)
      })
    }),

    chooseFiles: handle('chooseFiles', async () => {
      const files = (await deps.chooseFiles?.()) ?? []
      // Hashed while the journalist fills in the form, so saving is left only the sealing.
      void service.hashAhead(files)
      return files
    }),

    forgetChosenFiles: handle('forgetChosenFiles', ({ paths }) =>
      Promise.resolve({ forgotten: service.forgetHashedAhead(paths) })
    ),

    chooseFolder: handle(
      'chooseFolder',
      async ({ purpose }) => (await deps.chooseFolder?.(purpose)) ?? null
    ),

    chooseSaveFile: handle(
      'chooseSaveFile',
      async ({ purpose, name }) => (await deps.chooseSaveFile?.(purpose, name)) ?? null
    ),

    chooseBundle: handle('chooseBundle', async () => (await deps.chooseBundle?.()) ?? null),

    verifyBundle: handle('verifyBundle', async ({ path: bundlePath }) => {
      await checkPath('path', bundlePath, 'verify-bundle')
      return bundleCheckView(await service.verifyBundle(bundlePath))
    }),

    probeUrl: handle('probeUrl', async ({ urls, timeoutSeconds, about }) =>
      service.probeWeb(urls, {
        toolVersion: deps.toolVersion,
        ...defined({ about }),
        ...(timeoutSeconds !== undefined ? { timeoutMs: timeoutSeconds * 1000 } : {})
      })
    ),

    captureUrl: handle('captureUrl', async ({ urls, timeoutSeconds, about }) =>
      withCaptureRun(timeoutSeconds, (run) =>
        service.captureWeb(urls, { ...run, ...defined({ about }) })
      )
    ),

    recheck: handle('recheck', async ({ refs, timeoutSeconds }) =>
      withCaptureRun(timeoutSeconds, (run) => service.recheckWeb(refs ?? [], run))
    ),

    cancelCapture: handle('cancelCapture', () => {
      const running = captureUnderWay
      running?.abort()
      return Promise.resolve({ cancelled: running !== null })
    }),

    captureTempDir: handle('captureTempDir', async () => ({
      inRam: await (deps.captureTempInRam ?? captureTempInRam)()
    })),

    amend: handle('amend', (input) => service.amend(withoutUndefinedDeep<AmendInput>(input))),

    withdraw: handle('withdraw', (input) => service.withdraw(input)),

    verify: handle('verify', async () => verifyView(await service.verify())),

    exportBundle: handle(
      'exportBundle',
      async ({ out, entries, recipient, purpose, overwrite, withoutAmendments }) => {
        await checkPath('out', out, 'export-destination')
        // report.pdf needs a browser to print it; without one the bundle has report.html only.
        const printer = await (deps.reportBrowser ?? deps.captureBrowser)().catch(() => null)
        const estimate = progressEstimator()
        const { custody, bundle } = await service.exportBundle(
          {
            out,
            entries,
            locale: settings.get().language,
            browser: printer,
            ...defined({ recipient, purpose, overwrite, withoutAmendments })
          },
          (progress) => {
            const event = estimate(progress.bytesDone, progress.bytesTotal)
            if (event !== null) deps.emit('exportProgress', event)
          }
        )
        return {
          custody,
          path: bundle.path,
          sha256: bundle.sha256,
          bytes: bundle.bytes,
          disclosed: bundle.disclosed,
          fingerprint: vaultFingerprint(service.summary().publicKey),
          undisclosedAmendments: bundle.undisclosedAmendments
        }
      }
    ),

    backup: handle('backup', async ({ dir }) => {
      await checkPath('dir', dir, 'backup-target')
      const estimate = progressEstimator()
      const { custody, result } = await service.backup(dir, (progress) => {
        const event = estimate(progress.bytesDone, progress.bytesTotal)
        if (event !== null) deps.emit('backupProgress', event)
      })
      await settings.update({ lastBackupTarget: dir })
      const view: BackupResultView = {
        custody,
        dir,
        bytesWritten: result.bytesWritten,
        filesWritten: result.filesWritten,
        filesReused: result.filesReused
      }
      return view
    }),

    removableDrives: handle('removableDrives', () =>
      service.removableDrives(settings.get().backupWarningDays)
    ),

    backupStatus: handle('backupStatus', () =>
      Promise.resolve(service.backupStatus(settings.get().backupWarningDays))
    ),

    restore: handle('restore', async ({ backupDir, vaultDir, secret }) => {
      await checkPath('backupDir', backupDir, 'restore-source')
      await checkPath('vaultDir', vaultDir, 'vault-folder')
      const { summary } = await service.restore(backupDir, vaultDir, secret)
      await rememberVault(vaultDir)
      return summary
    }),

    getSettings: handle('getSettings', () => Promise.resolve(settings.get())),

    setSettings: handle('setSettings', (patch) => settings.update(defined(patch))),

    timestampHead: handle('timestampHead', () => service.timestampHead()),

    timestampIfDue: handle('timestampIfDue', () => service.timestampIfDue()),

    getTimestamping: handle('getTimestamping', () => Promise.resolve(service.timestamping())),

    setTimestamping: handle('setTimestamping', (change) =>
      service.setTimestamping(defined(change))
    ),
    changePassphrase: handle('changePassphrase', async ({ current, next }) => {
      await service.changePassphrase(current, next)
      return { changed: true as const }
    }),

    watchList: handle('watchList', () => Promise.resolve(watch.list())),
    watchAdd: handle('watchAdd', ({ url, everySeconds }) => watch.add(url, everySeconds)),
    watchRemove: handle('watchRemove', ({ url }) => watch.remove(url)),
    watchCheck: handle('watchCheck', ({ url }) => watch.checkNow(url)),
    watchHistory: handle('watchHistory', ({ url }) => Promise.resolve(watch.history(url)))
  }
}

function verifyView(report: VerifyReport): VerifyReportView {
  const problem = (p: VerifyReport['problems'][number]) => ({
    code: p.code,
    detail: p.detail,
    ...defined({ seq: p.seq, file: p.file })
  })
  return {
    ok: report.ok,
    entries: report.entries,
    withdrawn: report.withdrawn,
    attachments: report.attachments,
    head: report.head,
    problems: report.problems.map(problem),
    warnings: report.warnings.map(problem),
    ...defined({ timestamps: report.timestamps })
  }
}

/** Seconds of progress before the rate is trusted enough to promise a time. */
const ESTIMATE_AFTER_SECONDS = 1
/** At most this many progress events a second reach the page; the last always does. */
const EVENTS_PER_SECOND = 10

/**
 * Turns byte counts into progress events with the time left, from the average rate so far,
 * and thins them out: a backup of small files reports thousands of steps a second.
 */
export function progressEstimator(
  now: () => number = () => performance.now()
): (bytesDone: number, bytesTotal: number) => DalelEvents['backupProgress'] | null {
  const started = now()
  let lastSent = -Infinity
  return (bytesDone, bytesTotal) => {
    const at = now()
    const finished = bytesDone >= bytesTotal
    if (!finished && at - lastSent < 1000 / EVENTS_PER_SECOND) return null
    lastSent = at
    const seconds = (at - started) / 1000
    const rate = seconds > 0 ? bytesDone / seconds : 0
    const secondsLeft = finished
      ? 0
      : seconds >= ESTIMATE_AFTER_SECONDS && rate > 0
        ? Math.ceil((bytesTotal - bytesDone) / rate)
        : null
    return { bytesDone, bytesTotal, secondsLeft }
  }
}
