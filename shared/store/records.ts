/**
 * The Store port: what every stage uses to reach the records (shared/domain). One implementation talks to
 * DynamoDB (shared/store/dynamo.ts) — in Lambda and, through dynalite, locally and in tests. Domain code depends
 * on `Store`, never on the AWS SDK.
 */
import type { AgencyContact } from '#shared/domain/contact';
import type { DigestRecord, Meeting } from '#shared/domain/meeting';
import type { Report, StatusEntry, StoredRow } from '#shared/domain/report';
import type { Campaign } from '#shared/domain/round';
import type { RoundDraft, RoundLink } from '#shared/domain/agency-round';
import type { Recipient } from '#shared/domain/recipient';
import type { DecisionRecord } from '#shared/domain/decision';
import type { Task } from '#shared/domain/task';

/** kinds of records whose writes change a version readers can cache against (besides the registry's). */
export type DataKind = 'status' | 'reports' | 'rows' | 'contacts' | 'meetings' | 'recipients';

export interface Store {
  // reports and rows
  /** conditional put: returns false when a report with that id already exists (nothing written). */
  createReport(report: Report): Promise<boolean>;
  updateReport(id: string, patch: Partial<Report>): Promise<void>;
  getReport(id: string): Promise<Report | undefined>;
  listReports(opts?: { agencyId?: string; since?: string; until?: string }): Promise<Report[]>;
  findReportBySha256(sha256: string): Promise<Report | undefined>;
  /** every report of that content, earliest received first. */
  listReportsBySha256(sha256: string): Promise<Report[]>;
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
  /** changes whenever records of that kind are written (status entries, reports, rows): see ./read-cache.ts. */
  dataVersion?(kind: DataKind): Promise<string | undefined>;
  /**
   * A value computed from the records of those kinds, kept while none of them is written (the read cache's; absent
   * on the plain store). The digest of a day uses it: the console's overview asks for it on every page.
   */
  memo?<T>(kinds: Array<DataKind | 'registry'>, key: string, compute: () => Promise<T>): Promise<T>;
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
  // the secretariat's decisions (#19): keyed by agency + normalised text
  /** idempotent by id (a withdrawal is the same record put again with withdrawnAt). */
  putDecision(decision: DecisionRecord): Promise<void>;
  /**
   * One agency's decisions (one query), optionally only those for one normalised text; withdrawn ones included
   * (the history). Without an agency: every decision, oldest first.
   */
  listDecisions(opts?: { agencyId?: string; textKey?: string }): Promise<DecisionRecord[]>;
  /** Every agency's decisions on one normalised text (one query on its key, never a scan); withdrawn ones included. */
  listDecisionsByText(textKey: string): Promise<DecisionRecord[]>;
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
  // an agency's page per round (#16): its link's version/revocation, and its draft
  putRoundLink(link: RoundLink): Promise<void>;
  getRoundLink(agencyId: string, roundId: string): Promise<RoundLink | undefined>;
  putRoundDraft(draft: RoundDraft): Promise<void>;
  getRoundDraft(agencyId: string, roundId: string): Promise<RoundDraft | undefined>;
  // recipients' mail health (bounces, complaints, away) and per-address counters (the reply cap)
  getRecipient(address: string): Promise<Recipient | undefined>;
  putRecipient(recipient: Recipient): Promise<void>;
  listRecipients(): Promise<Recipient[]>;
  /** atomic: adds one to the named counter and returns its new value. */
  bumpCounter(key: string, at: string): Promise<number>;
}
