/**
 * The digest: what the secretariat reads before a review meeting. `consolidate()` builds a `Digest` from plain
 * arrays (no storage); the renderers (HTML, text, XLSX, summary.json) only present it.
 */
import { z } from 'zod';
import { Status } from '#shared/domain/row';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** How a task stands on the digest date. Every task in force is in exactly one category. */
export const Category = z.enum(['completed', 'overdue', 'inProgress', 'recurring']);
export type Category = z.infer<typeof Category>;

export const Totals = z.object({
  tasks: z.number().int().nonnegative(),
  completed: z.number().int().nonnegative(),
  overdue: z.number().int().nonnegative(),
  inProgress: z.number().int().nonnegative(),
  recurring: z.number().int().nonnegative(),
  /** tasks no agency has reported on yet (any category; counted apart). */
  noReport: z.number().int().nonnegative(),
});
export type Totals = z.infer<typeof Totals>;

export const ShareCounts = z.object({
  /** agencies that answer for the task (leads and members of its group words). */
  answering: z.number().int().nonnegative(),
  completed: z.number().int().nonnegative(),
  notCompleted: z.number().int().nonnegative(),
  notReported: z.number().int().nonnegative(),
});
export type ShareCounts = z.infer<typeof ShareCounts>;

/** summary.json — tools depend on this shape; change it only additively. */
export const Summary = z.object({
  asOf: IsoDate,
  meeting: z.object({ id: z.string(), title: z.string(), date: IsoDate }).nullable(),
  totals: Totals,
  /** lateSince: the month the task became late ("YYYY-MM", the month of its due date); agency: lead agency id (today's successor). */
  late: z.array(z.object({
    taskId: z.string(), lateSince: z.string(), agency: z.string().nullable(), due: IsoDate,
    /** the agencies behind on it (not completed or not reported), each with its own status and evidence. */
    agencies: z.array(z.object({
      id: z.string(), name: z.string(),
      /** its own latest status ("in_progress", …), "reported" when it gave a result without one, or "not_reported". */
      status: z.string(),
      lateSince: z.string(), result: z.string().nullable(), reportId: z.string().nullable(),
    })).optional(),
    counts: ShareCounts.optional(),
  })),
  agencies: z.array(z.object({ id: z.string(), name: z.string(), reported: z.boolean(), counts: Totals })),
  /** the late groups as labelled ("01 nhiệm vụ chậm muộn từ năm 2023 chuyển sang", "… từ tháng 04/2024"). */
  lateGroups: z.array(z.object({ key: z.string(), label: z.string(), tasks: z.number().int().nonnegative() })).optional(),
  /** rows waiting for the secretariat's review. */
  review: z.number().int().nonnegative(),
  /** rows reporting tasks that are not in the registry. */
  new: z.number().int().nonnegative(),
});
export type Summary = z.infer<typeof Summary>;

/** Where a status came from: the report file and its date. */
export interface Evidence {
  reportId: string;
  fileName?: string;
  reportDate: string;
  agencyId?: string;
  /** the reporting agency's name, set when it is not one who answers for the task (a partner's or another's report). */
  otherAgencyName?: string;
  status: Status | null;
  result?: string;
  /** when the entry was recorded (ISO timestamp): "newly completed" compares it with the previous digest's time. */
  recordedAt?: string;
}

/** One lead agency of a task, named as of the digest date, with its name at assignment when that differs. */
export interface LeadName {
  id: string;
  name: string;
  /** the agency named in the directive, when it has since been merged/renamed. */
  assignedId?: string;
  assignedName?: string;
}

/* ---- the task × agency matrix (computed in matrix.ts) ---- */

export type AgencyKind = 'ministry' | 'province' | 'other';
/** completed: its latest evidence says completed; notCompleted: it reported anything else; notReported: nothing. */
export type Standing = 'completed' | 'notCompleted' | 'notReported';
export type Role = 'lead' | 'member' | 'coordinator';

export interface AgencyAnswer {
  id: string;
  name: string;
  kind: AgencyKind;
  role: Role;
  /** for members: the group word it answers through ("all_ministries"). */
  group?: string;
  standing: Standing;
  latest?: Evidence;
}

export interface TaskAnswers {
  taskId: string;
  /** leads first (in the directive's order), then group members by name. */
  answering: AgencyAnswer[];
  coordinators: AgencyAnswer[];
  /** group words of the lead cell that have no member list (named, not expanded). */
  unlisted: string[];
  counts: ShareCounts;
}

export interface TaskLine {
  taskId: string;
  stt: string;
  content: string;
  directive: string;
  /** Phụ lục 01 section: A (general), B (ministries), C (localities). */
  annexSection: 'A' | 'B' | 'C';
  leads: LeadName[];
  /** the lead cell as written when it resolves to no agency id (groups such as "Các bộ, ngành, địa phương"). */
  leadRaw: string;
  deadlineRaw: string;
  due?: string;
  category: Category;
  /** latest evidence (newest report date first), one per reporting agency. */
  latest?: Evidence;
  reported: boolean;
  /** who answers for the task and how each stands (the task's row of the task × agency matrix). */
  share: TaskAnswers;
}

export interface LateGroup {
  /** "YYYY" (carried over from that earlier year) or "YYYY-MM" (a month of the digest's year); sorts as text. */
  key: string;
  /** the earlier year the tasks were due in, for carried-over groups. */
  carriedFrom?: number;
  label: string;
  tasks: Array<TaskLine & { due: string; lateSince: string }>;
}

export interface ReportRef {
  reportId: string;
  fileName: string;
  date: string;
  state: string;
  agencyId?: string;
}

export interface AgencyLine {
  id: string;
  name: string;
  counts: z.infer<typeof Totals>;
  reported: boolean;
  reports: ReportRef[];
  /** contacts to chase when the agency has not reported. */
  emails: string[];
  /** has at least one task not completed (so a report is expected). */
  expected: boolean;
  /** ids of the tasks late for this agency by its own status (shared tasks included), in the digest's task order. */
  late: string[];
}

export interface RowRef {
  reportId: string;
  rowId: string;
  fileName?: string;
  agencyId?: string;
  stt?: string;
  content: string;
  /** best candidates for review rows. */
  candidates: Array<{ taskId: string; score: number }>;
}

export interface Digest {
  asOf: string;
  generatedAt: string;
  meeting: { id: string; title: string; date: string } | null;
  /** the reporting period (inclusive); `from` absent = since the beginning. */
  period: { from?: string; to: string };
  totals: Totals;
  previous?: { asOf: string; totals: Totals; change: Totals };
  lateGroups: LateGroup[];
  /** late task ids that were not late in the previous digest. */
  newlyLate: string[];
  newlyCompleted: TaskLine[];
  agencies: AgencyLine[];
  notReported: AgencyLine[];
  reports: ReportRef[];
  review: RowRef[];
  unregistered: RowRef[];
  tasks: TaskLine[];
  /** addresses our mail cannot reach (permanent bounce, complaint): the secretariat should get new ones. */
  unreachable?: UnreachableRef[];
}

export interface UnreachableRef {
  address: string;
  agencyId?: string;
  agencyName?: string;
  /** Vietnamese: what happened (shared/recipients recipientStateVi). */
  stateVi: string;
  since: string;
  status?: string;
}
