// The contract's arguments as zod schemas: what the page may send each method. The main
// process parses every argument with these (node/api); DalelApi derives each method's
// argument type from them (z.input), so the check and the type cannot drift apart. Pure:
// zod runs anywhere, and nothing here touches Node.
import { z } from 'zod'
import type { Settings } from './DalelApi'
import type { IncidentInput } from './VaultApi'
import { ENTRY_KINDS, INCIDENT_TYPES } from '../entry/Entry'
import { ENTRY_LIMITS } from '../entry/entryLimits'
import { INCIDENT_FIELDS } from '../entry/fields/incidentFields'
import { WATCH_INTERVAL, isAuthorityUrl } from '../entry/validateDraft'

// Limits on what the page may send: far above any real use, far below what would hurt.
// The same limits the CLI and validateDraft apply (common/entry/entryLimits).
const MAX_PATH = ENTRY_LIMITS.pathChars
const MAX_TITLE = ENTRY_LIMITS.titleChars
const MAX_TEXT = ENTRY_LIMITS.textChars
const MAX_LIST = ENTRY_LIMITS.listItems
const MAX_URLS = ENTRY_LIMITS.urls

const text = (max: number) => z.string().max(max)
const nonBlank = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => value.trim() !== '', 'blank')
const path = nonBlank(MAX_PATH)
const textList = z.array(text(MAX_TITLE)).max(MAX_LIST)
/** entries a new entry is about: seqs, ids or id prefixes (VaultApi AboutInput) */
const about = z.array(nonBlank(100)).min(1).max(MAX_LIST)
const noArgs = z.union([z.undefined(), z.null()])
const seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)
const isoInstant = z
  .string()
  .max(100)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not a date')

const secretSchema = z.union([
  z.object({ passphrase: z.string().min(1).max(MAX_TITLE) }).strict(),
  z.object({ recoveryCode: z.string().min(1).max(MAX_TITLE) }).strict()
])

const personPresentSchema = z
  .object({ name: text(MAX_TITLE).optional(), role: text(MAX_TITLE).optional() })
  .strict()

const officialSchema = z
  .object({
    name: text(MAX_TITLE).optional(),
    position: text(MAX_TITLE).optional(),
    unit: text(MAX_TITLE).optional()
  })
  .strict()

/**
 * The schema of a value of each shape an incident field has (the entry-field table's): the
 * fields a journalist writes (those an amendment may correct) are sent by addIncident and
 * corrected by amend, and both take them from INCIDENT_FIELDS, so a field added there is
 * accepted by both (INCIDENT_SCHEMA_IS_COMPLETE). `about` is set once, as references.
 */
const INCIDENT_SHAPE_SCHEMAS = {
  text: text(MAX_TITLE),
  prose: text(MAX_TEXT),
  time: text(100),
  list: textList,
  people: z.array(personPresentSchema).max(MAX_LIST),
  officials: z.array(officialSchema).max(MAX_LIST),
  // The one enum an incident has is its type.
  enum: z.enum(INCIDENT_TYPES)
}
type WrittenIncidentField = Extract<(typeof INCIDENT_FIELDS)[number], { amendable: true }>
type IncidentFieldSchemas = {
  [F in WrittenIncidentField as F['key']]: (typeof INCIDENT_SHAPE_SCHEMAS)[F['shape']]
}
const isWritten = (field: (typeof INCIDENT_FIELDS)[number]): field is WrittenIncidentField =>
  'amendable' in field && field.amendable
const INCIDENT_FIELD_SCHEMAS = Object.fromEntries(
  INCIDENT_FIELDS.filter(isWritten).map((field) => [field.key, INCIDENT_SHAPE_SCHEMAS[field.shape]])
) as IncidentFieldSchemas

/** One schema per field, so a bad field falls back alone and the rest survive. */
export const SETTINGS_FIELDS = {
  language: z.enum(['kk', 'ru', 'en']),
  // A day at most: a vault left open longer than that is not "auto-locked".
  autoLockMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  lastVaultPath: z.string().min(1).max(MAX_PATH).nullable(),
  lastBackupTarget: z.string().min(1).max(MAX_PATH).nullable(),
  backupWarningDays: z.number().int().min(1).max(3650),
  keepCaptureLogins: z.boolean()
} satisfies { [K in keyof Settings]: z.ZodType<Settings[K]> }

/** What setSettings accepts: any subset of the fields, nothing else. */
export const settingsPatchSchema = z.object(SETTINGS_FIELDS).partial().strict()

export const METHOD_SCHEMAS = {
  createVault: z
    .object({
      path,
      passphrase: z.string().min(1).max(MAX_TITLE),
      author: text(MAX_TITLE).optional(),
      /** the answer to "timestamp this vault's entries with trusted authorities?" */
      timestamping: z.boolean().optional()
    })
    .strict(),
  unlock: z.object({ path, secret: secretSchema }).strict(),
  lock: noArgs,
  status: noArgs,
  list: z
    .object({
      kinds: z.array(z.enum(ENTRY_KINDS)).max(ENTRY_KINDS.length).optional(),
      limit: z.number().int().min(1).max(100_000).optional()
    })
    .strict(),
  search: z.object({ query: nonBlank(MAX_TITLE) }).strict(),
  timeline: z
    .object({
      order: z.enum(['occurred', 'recorded']),
      ascending: z.boolean().optional(),
      kinds: z.array(z.enum(ENTRY_KINDS)).max(ENTRY_KINDS.length).optional(),
      incidentTypes: z.array(z.enum(INCIDENT_TYPES)).max(INCIDENT_TYPES.length).optional(),
      tag: text(MAX_TITLE).optional(),
      from: isoInstant.optional(),
      to: isoInstant.optional(),
      text: text(MAX_TITLE).optional(),
      cursor: text(200).optional(),
      offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
      limit: z.number().int().min(1).max(500)
    })
    .strict(),
  getEntry: z.object({ ref: nonBlank(100) }).strict(),
  checkEntry: z.object({ seq: seq }).strict(),
  captureRequests: z.object({ seq: seq }).strict(),
  /** a decrypted copy of attachment `index` of entry `seq`, to a path chooseSaveFile returned */
  saveAttachment: z
    .object({
      seq: seq,
      index: z.number().int().min(0).max(MAX_LIST),
      out: path,
      /** replace an existing file (the page asks first); otherwise `file-exists` */
      overwrite: z.boolean().optional()
    })
    .strict(),
  addNote: z
    .object({
      title: nonBlank(MAX_TITLE),
      body: text(MAX_TEXT).optional(),
      occurredAt: text(100).optional(),
      tags: textList.optional(),
      about: about.optional()
    })
    .strict(),
  addIncident: z
    .object(INCIDENT_FIELD_SCHEMAS)
    .partial()
    .extend({
      title: nonBlank(MAX_TITLE),
      occurredAt: text(100).optional(),
      type: z.enum(INCIDENT_TYPES),
      about: about.optional()
    })
    .strict(),
  addAttachment: z
    .object({
      paths: z.array(path).min(1).max(MAX_LIST),
      title: text(MAX_TITLE).optional(),
      body: text(MAX_TEXT).optional(),
      about: about.optional()
    })
    .strict(),
  chooseFiles: noArgs,
  forgetChosenFiles: z.object({ paths: z.array(path).max(MAX_LIST).optional() }).strict(),
  chooseFolder: z.object({ purpose: z.enum(['vault', 'backup', 'export']) }).strict(),
  /** the system save dialog for a bundle or an attachment's copy; `name` the file name it proposes */
  chooseSaveFile: z.object({ purpose: z.enum(['export', 'attachment']), name: text(255) }).strict(),
  /** the system file picker for one bundle (.zip) to verify */
  chooseBundle: noArgs,
  verifyBundle: z.object({ path }).strict(),
  captureUrl: z
    .object({
      urls: z.array(nonBlank(8192)).min(1).max(MAX_URLS),
      timeoutSeconds: z.number().int().min(1).max(600).optional(),
      about: about.optional()
    })
    .strict(),
  /** captures again the named web captures (seqs or ids), or the newest of every URL */
  recheck: z
    .object({
      refs: z.array(nonBlank(100)).max(MAX_URLS).optional(),
      timeoutSeconds: z.number().int().min(1).max(600).optional()
    })
    .strict(),
  cancelCapture: noArgs,
  captureTempDir: noArgs,
  probeUrl: z
    .object({
      urls: z.array(nonBlank(8192)).min(1).max(MAX_URLS),
      timeoutSeconds: z.number().int().min(1).max(600).optional(),
      about: about.optional()
    })
    .strict(),
  amend: z
    .object({
      target: nonBlank(100),
      reason: nonBlank(MAX_TEXT),
      title: text(MAX_TITLE).optional(),
      body: text(MAX_TEXT).optional(),
      occurredAt: text(100).optional(),
      place: text(MAX_TITLE).optional(),
      /** any field the target's kind lets an amendment correct (entryFields amendableFields) */
      changes: z
        .object(INCIDENT_FIELD_SCHEMAS)
        .partial()
        .extend({ title: nonBlank(MAX_TITLE).optional(), occurredAt: text(100).optional() })
        .strict()
        .optional()
    })
    .strict(),
  withdraw: z.object({ target: nonBlank(100), reason: nonBlank(MAX_TEXT) }).strict(),
  verify: noArgs,
  changePassphrase: z
    .object({ current: secretSchema, next: z.string().min(1).max(MAX_TITLE) })
    .strict(),
  exportBundle: z
    .object({
      out: path,
      entries: z.union([z.literal('all'), z.array(nonBlank(100)).min(1).max(100_000)]),
      recipient: text(MAX_TITLE).optional(),
      purpose: text(MAX_TEXT).optional(),
      /** replace an existing file at `out` (the app asks first); otherwise `bundle-exists` */
      overwrite: z.boolean().optional(),
      /** leave out the amendments of the chosen entries (the report says so) */
      withoutAmendments: z.boolean().optional()
    })
    .strict(),
  backup: z.object({ dir: path }).strict(),
  removableDrives: noArgs,
  backupStatus: noArgs,
  restore: z.object({ backupDir: path, vaultDir: path, secret: secretSchema }).strict(),
  getSettings: noArgs,
  setSettings: settingsPatchSchema,
  timestampHead: noArgs,
  timestampIfDue: noArgs,
  getTimestamping: noArgs,
  setTimestamping: z
    .object({
      enabled: z.boolean().optional(),
      authorities: z
        .array(nonBlank(2048).refine(isAuthorityUrl, 'an http(s) URL'))
        .max(16)
        .optional()
    })
    .strict(),
  watchList: noArgs,
  watchAdd: z
    .object({
      url: nonBlank(8192),
      everySeconds: z.number().int().min(WATCH_INTERVAL.minSeconds).max(WATCH_INTERVAL.maxSeconds)
    })
    .strict(),
  watchRemove: z.object({ url: nonBlank(8192) }).strict(),
  watchCheck: z.object({ url: nonBlank(8192) }).strict(),
  watchHistory: z.object({ url: nonBlank(8192) }).strict()
} satisfies Record<string, z.ZodType>

/**
 * Fails to compile when an incident field the vault records cannot be sent by the page (or
 * the reverse): the form and the schema name the same fields.
 */
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never]
  ? true
  : never
export const INCIDENT_SCHEMA_IS_COMPLETE: SameKeys<
  IncidentInput,
  z.input<typeof METHOD_SCHEMAS.addIncident>
> = true
