import { INCIDENT_TYPES } from '../common/entry/Entry'
import type { CliContext } from './CliContext'
import { namedWords } from './namedWords'

/** The words `--type` accepts, each with its name in the reader's language (namedWords). */
export function incidentTypeList(ctx: Pick<CliContext, 't'>): string {
  return namedWords(ctx, INCIDENT_TYPES, 'incident.')
}
