import { INCIDENT_TYPES } from '../common/entry/Entry'
import type { CliContext } from './CliContext'

/**
 * The words `--type` accepts, each with its name in the reader's language:
 * "search (обыск), detention (задержание), …". The words are typed as they are, in any
 * language, so both are shown.
 */
export function incidentTypeList(ctx: Pick<CliContext, 't'>): string {
  return INCIDENT_TYPES.map((type) => `${type} (${ctx.t(`incident.${type}`)})`).join(', ')
}
