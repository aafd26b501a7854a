import type { VaultSummary } from '../../src-main/common/contract/VaultApi'
import type { DalelBridge } from '../dalelBridge'
import type { Locale } from '../i18n/translate'
import type { View } from '../navigation/View'
import { AddIncidentScreen } from './AddIncidentScreen'
import { AddNoteScreen } from './AddNoteScreen'
import { AmendScreen } from './AmendScreen'
import { AttachScreen } from './AttachScreen'
import { BackupScreen } from './BackupScreen'
import { CaptureScreen } from './CaptureScreen'
import { CreateVaultScreen } from './CreateVaultScreen'
import { EntryScreen } from './EntryScreen'
import { ExportDoneScreen } from './ExportDoneScreen'
import { ExportScreen } from './ExportScreen'
import { RecheckScreen } from './RecheckScreen'
import { RecoveryCodeScreen } from './RecoveryCodeScreen'
import { RestoreScreen } from './RestoreScreen'
import { SettingsScreen } from './SettingsScreen'
import { TimelineScreen } from './TimelineScreen'
import { UnlockScreen } from './UnlockScreen'
import { VerifyBundleScreen } from './VerifyBundleScreen'
import { VerifyScreen } from './VerifyScreen'
import { WatchListScreen } from './WatchListScreen'
import { WithdrawScreen } from './WithdrawScreen'

export interface ScreenViewProps {
  view: View
  bridge: DalelBridge
  lastVaultPath: string | null
  searchRequest: number
  setView: (view: View) => void
  opened: (summary: VaultSummary) => void
  created: (code: string, summary: VaultSummary) => void
  open: (seq: number) => void
  home: () => void
  changeLanguage: (locale: Locale) => void
}

/** The screen a view names. */
export function ScreenView(props: ScreenViewProps): React.JSX.Element | null {
  const { view, bridge, open, home, setView } = props
  switch (view.screen) {
    case 'starting':
      return null
    case 'create':
      return (
        <CreateVaultScreen
          bridge={bridge}
          onCreated={props.created}
          onOpenExisting={() => {
            setView({ screen: 'unlock', lockedReason: null })
          }}
        />
      )
    case 'recovery':
      return 'code' in view ? <RecoveryCodeScreen code={view.code} onDone={home} /> : null
    case 'unlock':
      return (
        <UnlockScreen
          bridge={bridge}
          lastVaultPath={props.lastVaultPath}
          lockedReason={'lockedReason' in view ? view.lockedReason : null}
          onUnlocked={props.opened}
          onCreateNew={() => {
            setView({ screen: 'create' })
          }}
        />
      )
    case 'timeline':
      return (
        <TimelineScreen
          bridge={bridge}
          onOpen={open}
          searchRequest={props.searchRequest}
          onExport={(query) => {
            setView({ screen: 'export', query })
          }}
        />
      )
    case 'note':
      return (
        <AddNoteScreen
          bridge={bridge}
          onSaved={open}
          onCancel={home}
          {...('about' in view ? { about: view.about } : {})}
        />
      )
    case 'incident':
      return <AddIncidentScreen bridge={bridge} onSaved={open} onCancel={home} />
    case 'watch':
      return <WatchListScreen bridge={bridge} onOpen={open} />
    case 'attach':
      return (
        <AttachScreen
          bridge={bridge}
          onSaved={open}
          onCancel={home}
          {...('dropped' in view ? { dropped: view.dropped } : {})}
        />
      )
    case 'capture':
      return <CaptureScreen bridge={bridge} onOpen={open} onCancel={home} />
    case 'recheck':
    case 'recheckEntry': {
      const seq = 'seq' in view ? view.seq : null
      return (
        <RecheckScreen
          key={seq ?? 'all'}
          bridge={bridge}
          seq={seq}
          onOpen={open}
          onCancel={
            seq === null
              ? home
              : () => {
                  open(seq)
                }
          }
        />
      )
    }
    case 'entry':
      return 'seq' in view ? (
        <EntryScreen
          key={view.seq}
          bridge={bridge}
          seq={view.seq}
          onBack={home}
          onOpen={open}
          onAmend={(seq) => {
            setView({ screen: 'amend', seq })
          }}
          onWithdraw={(seq) => {
            setView({ screen: 'withdraw', seq })
          }}
          onRecheck={(seq) => {
            setView({ screen: 'recheckEntry', seq })
          }}
          onNoteAbout={(seq) => {
            setView({ screen: 'note', about: seq })
          }}
          onVerify={() => {
            setView({ screen: 'verify' })
          }}
        />
      ) : null
    case 'amend':
    case 'withdraw': {
      // Both correct one entry and lead back to it, done or not.
      const Correct = view.screen === 'amend' ? AmendScreen : WithdrawScreen
      return (
        <Correct
          key={view.seq}
          bridge={bridge}
          seq={view.seq}
          onDone={open}
          onCancel={() => {
            open(view.seq)
          }}
        />
      )
    }
    case 'export':
      return (
        <ExportScreen
          bridge={bridge}
          initialQuery={'query' in view ? view.query : null}
          onDone={(result) => {
            setView({ screen: 'exportDone', result })
          }}
          onCancel={home}
        />
      )
    case 'exportDone':
      return 'result' in view ? (
        <ExportDoneScreen result={view.result} onOpen={open} onHome={home} />
      ) : null
    case 'verify':
      return <VerifyScreen bridge={bridge} />
    case 'verifyBundle':
      return (
        <VerifyBundleScreen
          bridge={bridge}
          onBack={
            'back' in view
              ? () => {
                  setView(view.back)
                }
              : null
          }
        />
      )
    case 'backup':
      return <BackupScreen bridge={bridge} onOpen={open} />
    case 'restore':
      return (
        <RestoreScreen
          bridge={bridge}
          onRestored={props.opened}
          onCancel={
            'back' in view
              ? () => {
                  setView(view.back)
                }
              : home
          }
        />
      )
    case 'settings':
      return <SettingsScreen bridge={bridge} onLanguage={props.changeLanguage} />
    default: {
      const unknown: never = view
      return unknown
    }
  }
}
