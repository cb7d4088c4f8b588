/**
 * What the store keeps, and the interface every stage uses to reach it. One implementation talks to DynamoDB
 * (shared/store/dynamo.ts) — in Lambda and, through dynalite, locally and in tests. Domain code depends on
 * `Store`, never on the AWS SDK.
 */
import { z } from 'zod';
import { ReportRow, Status } from '#shared/extract/model';
import { Task } from '#shared/domain/task';

export const ReportState = z.enum(['received', 'processed', 'failed', 'quarantined', 'held', 'duplicate']);
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
    kind: z.enum(['upload', 'email', 'cli']),
    messageId: z.string().optional(),
    sender: z.string().optional(),
    subject: z.string().optional(),
  }).optional(),
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

export const Meeting = z.object({
  id: z.string(),
  date: z.string(), // ISO date
  title: z.string(),
  sendDaysBefore: z.number().int().nonnegative().default(3),
  recipients: z.array(z.string()).default([]),
  periodStart: z.string().optional(),
  createdAt: z.string(),
});
export type Meeting = z.infer<typeof Meeting>;

export const AgencyContact = z.object({
  agencyId: z.string(),
  emails: z.array(z.string()).default([]),
  domains: z.array(z.string()).default([]),
  updatedAt: z.string().optional(),
});
export type AgencyContact = z.infer<typeof AgencyContact>;

export const DigestRecord = z.object({
  id: z.string(), // `${meetingId}#${sendDate}` or `preview#${asOf}`
  meetingId: z.string().optional(),
  asOf: z.string(),
  sentAt: z.string().optional(),
  messageId: z.string().optional(),
  /** the summary.json of that digest, for "change since the previous digest". */
  summary: z.unknown(),
});
export type DigestRecord = z.infer<typeof DigestRecord>;

/** A reporting campaign: templates sent for a period with a deadline; the daily run reminds late agencies once. */
export const Campaign = z.object({
  id: z.string(),
  /** as the secretariat writes it: "6 tháng đầu năm 2024" */
  period: z.string(),
  deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  remindDaysBefore: z.number().int().nonnegative(),
  /** only these agencies (when the templates went to some only). */
  agencyIds: z.array(z.string()).optional(),
  sentAt: z.string(),
});
export type Campaign = z.infer<typeof Campaign>;

export interface Store {
  // reports and rows
  /** conditional put: returns false when a report with that id already exists (nothing written). */
  createReport(report: Report): Promise<boolean>;
  updateReport(id: string, patch: Partial<Report>): Promise<void>;
  getReport(id: string): Promise<Report | undefined>;
  listReports(opts?: { agencyId?: string; since?: string; until?: string }): Promise<Report[]>;
  findReportBySha256(sha256: string): Promise<Report | undefined>;
  /** idempotent: rows keyed by reportId + rowId. */
  putRows(rows: StoredRow[]): Promise<void>;
  listRows(reportId: string): Promise<StoredRow[]>;
  getRow(reportId: string, rowId: string): Promise<StoredRow | undefined>;
  listReviewRows(): Promise<StoredRow[]>;
  // registry
  putTasks(tasks: Task[]): Promise<void>;
  listTasks(opts?: { directive?: string }): Promise<Task[]>;
  getTask(id: string): Promise<Task | undefined>;
  /** changes whenever putTasks writes: lets readers cache the registry and notice an import (additive, L). */
  registryVersion?(): Promise<string | undefined>;
  // status
  /** idempotent per (taskId, reportId, rowId); also moves "latest per task and agency" forward when newer. */
  appendStatus(entry: StatusEntry): Promise<void>;
  statusHistory(taskId: string): Promise<StatusEntry[]>;
  /**
   * Withdraw one entry (it stays in the history, marked retracted) and move "latest" for its task and agency
   * back to the newest entry still standing (or none).
   */
  retractStatus(ref: Pick<StatusEntry, 'taskId' | 'reportId' | 'rowId' | 'by'>, at: string): Promise<void>;
  /** latest entry per task and agency, for every task. */
  latestStatuses(): Promise<StatusEntry[]>;
  // agencies' contacts
  setContact(contact: AgencyContact): Promise<void>;
  listContacts(): Promise<AgencyContact[]>;
  // meetings and digests
  putMeeting(meeting: Meeting): Promise<void>;
  listMeetings(): Promise<Meeting[]>;
  removeMeeting(id: string): Promise<boolean>;
  /** conditional: returns false when that (meeting, send date) was already marked sent. */
  markDigestSent(record: DigestRecord): Promise<boolean>;
  listDigests(): Promise<DigestRecord[]>;
  // reporting campaigns (templates sent; reminders)
  putCampaign(campaign: Campaign): Promise<void>;
  listCampaigns(): Promise<Campaign[]>;
  /** conditional: true the first time a key is claimed, false ever after (a "done once" marker). */
  claimOnce(key: string, at: string): Promise<boolean>;
}
