/**
 * A report an agency sent (one file), its rows with their match and status, and the status history they feed:
 * the records every stage passes along and the store keeps.
 */
import { z } from 'zod';
import { ReportRow, Status } from './row';

/** `ocr_pending`: a scan handed to the OCR step (functions/ocr.ts); it continues to `processed` from there. */
export const ReportState = z.enum(['received', 'ocr_pending', 'processed', 'failed', 'quarantined', 'held', 'duplicate', 'automatic']);
export type ReportState = z.infer<typeof ReportState>;

export const Report = z.object({
  /** deterministic: hash of bucket + key + versionId (or ETag) — the idempotency key of the ingest path. */
  id: z.string(),
  bucket: z.string(),
  key: z.string(),
  versionId: z.string().optional(),
  etag: z.string().optional(),
  fileName: z.string(),
  size: z.number().int().nonnegative(),
  contentType: z.string().optional(),
  sha256: z.string(),
  receivedAt: z.string(), // ISO timestamp
  state: ReportState,
  agencyId: z.string().optional(),
  /** how the agency was found: key prefix uploads/<agency>/, email sender, document title, CLI flag. */
  agencySource: z.string().optional(),
  /** where it came from. */
  origin: z.object({
    /** 'web': entered on the agency's own page for a round (#16); rows matched by task id. */
    kind: z.enum(['upload', 'email', 'cli', 'web']),
    messageId: z.string().optional(),
    sender: z.string().optional(),
    subject: z.string().optional(),
    /** the message was written by a machine (bounce, complaint, read_receipt, auto_reply, bulk, automatic): the
     *  receipt goes to the agency's registered contacts, never back to the sender. */
    automatic: z.string().optional(),
    /** 'web': the name the agency gave as who answered, and the round. */
    by: z.string().optional(),
    roundId: z.string().optional(),
  }).optional(),
  /** an automatic message (shared/inbound/automatic): its class and what gave it away. */
  automatic: z.object({ kind: z.string(), signals: z.array(z.string()), aboutOurs: z.boolean() }).optional(),
  format: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string(), messageVi: z.string().optional() }).optional(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })).optional(),
  counts: z.object({
    tables: z.number().int(), rows: z.number().int(), auto: z.number().int(), review: z.number().int(), new: z.number().int(),
  }).partial().optional(),
  /** report date (from the document or receivedAt): orders "latest" per task and agency. */
  reportDate: z.string().optional(),
  duplicateOf: z.string().optional(),
  /** when the sender's receipt went out: a retry after a crash sends it if this is missing. */
  receiptSentAt: z.string().optional(),
  /** why no receipt went out (no contact for the agency, no agency): told in the CLI and on the report. */
  receiptSkipped: z.string().optional(),
  /** withdrawn by the secretariat: kept, its status entries no longer counted. */
  withdrawn: z.object({ at: z.string(), by: z.string().optional(), reason: z.string().optional() }).optional(),
  /** what the secretariat did to the report itself (reassigned, withdrawn), oldest first. */
  history: z.array(z.object({
    at: z.string(),
    action: z.enum(['reassigned', 'withdrawn']),
    by: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    reason: z.string().optional(),
  })).optional(),
  /** a scan: pages read by OCR so far and the page count (set while `ocr_pending` and kept after). */
  ocr: z.object({ pages: z.number().int().nonnegative(), done: z.number().int().nonnegative() }).optional(),
});
export type Report = z.infer<typeof Report>;

export const Decision = z.enum(['auto', 'review', 'new']);
export type Decision = z.infer<typeof Decision>;

export const RowMatch = z.object({
  taskId: z.string().nullable(),
  score: z.number(),
  decision: Decision,
  candidates: z.array(z.object({ taskId: z.string(), score: z.number(), why: z.array(z.string()).optional() })),
  alsoMatches: z.array(z.string()).optional(),
  /** what the matcher remembered for this row (#19): a decision or the agency's previous report, and why. */
  recalled: z.object({
    kind: z.enum(['task', 'new', 'not']),
    taskId: z.string().optional(),
    origin: z.enum(['decision', 'previous']),
    how: z.enum(['same', 'near']),
    why: z.string(),
    decisionId: z.string().optional(),
    /** set when the remembered task could not be used (retired, no longer the agency's). */
    blocked: z.string().optional(),
  }).optional(),
});
export type RowMatch = z.infer<typeof RowMatch>;

export const RowStatus = z.object({
  value: Status.nullable(),
  /** "mark" (x under Hoàn thành …), "assessment", "result" (free text), "none". */
  source: z.enum(['mark', 'assessment', 'result', 'none']),
  raw: z.string().optional(),
});
export type RowStatus = z.infer<typeof RowStatus>;

export const StoredRow = z.object({
  reportId: z.string(),
  /** `${table}.${n}`: table index and row order in that table. */
  rowId: z.string(),
  table: z.number().int(),
  cells: ReportRow,
  match: RowMatch.optional(),
  status: RowStatus.optional(),
  /** the secretariat's decision; overrides the matcher and is kept as such. */
  override: z.object({
    action: z.enum(['accept', 'reject', 'new']),
    taskId: z.string().optional(),
    at: z.string(),
    by: z.string().optional(),
  }).optional(),
});
export type StoredRow = z.infer<typeof StoredRow>;

/** Append-only: one entry per (task, report, row). */
export const StatusEntry = z.object({
  taskId: z.string(),
  reportId: z.string(),
  rowId: z.string(),
  agencyId: z.string().optional(),
  status: Status.nullable(),
  result: z.string().optional(),
  reportDate: z.string(),
  recordedAt: z.string(),
  by: z.enum(['matcher', 'secretariat']),
  /** set when the secretariat withdrew this entry (a rejected or re-assigned match); kept in the history. */
  retractedAt: z.string().optional(),
});
export type StatusEntry = z.infer<typeof StatusEntry>;
