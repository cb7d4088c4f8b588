/**
 * Consolidation: tasks + latest statuses + reports + contacts → the digest model, as of a date.
 * Pure: plain arrays in, a `Digest` out, no storage and no clock (generatedAt is passed in or defaulted).
 *
 * Rules (as the secretariat counts):
 * - A task is in force on `asOf` when its directive is dated on or before `asOf`.
 * - Its status comes from the latest entry (report date, then secretariat over matcher, then recorded time) of
 *   each agency with reportDate ≤ asOf (agencies mapped to who answers for them on asOf).
 * - completed: every agency that answers for the task (its leads, and the members of a group word such as
 *   "Các bộ, ngành, địa phương" when the directory knows them) has a latest entry saying completed; for groups
 *   the directory cannot list, every entry received says completed. Otherwise recurring when the deadline is "thường xuyên"
 *   (or there is no due date and it was reported as recurring); overdue when due < asOf; else in progress.
 * - A late task became late in the month of its due date; due dates in earlier years are "carried over" from
 *   that year ("… từ năm 2023 chuyển sang").
 *
 * Phases (each a function below): lookups → latest entries → task lines (with the task × agency matrix, matrix.ts)
 * → late groups → reports of the period → agency lines → changes since the previous digest → rows to review.
 */
import type { Task } from '#shared/domain/task';
import { viDate, viMonth } from '#shared/domain/dates';
import { dueOf as dueOfDeadline, isOverdue, lateSince as lateMonth } from '#shared/deadlines';
import type { AgencyContact } from '#shared/domain/contact';
import type { Meeting } from '#shared/domain/meeting';
import type { Report, StatusEntry, StoredRow } from '#shared/domain/report';
import {
  evidenceOf, latestEntries, newer as isNewer, lookups, taskAnswers, type AgencyNames, type LatestEntries, type Lookups,
} from './matrix';
import type {
  AgencyLine, Category, Digest, Evidence, LateGroup, LeadName, ReportRef, RowRef, Summary, TaskAnswers, TaskLine, Totals,
} from './model';

export { isEvidence, type AgencyNames } from './matrix';

export interface ConsolidateInput {
  asOf: string;
  tasks: Task[];
  /** any set of status entries (latest per task and agency, or whole histories); entries after asOf are ignored. */
  statuses: StatusEntry[];
  reports: Report[];
  /** rows the matcher left for review (overridden rows are skipped). */
  reviewRows: StoredRow[];
  /** rows that report tasks not in the registry. */
  unregisteredRows: StoredRow[];
  contacts: AgencyContact[];
  meeting?: Pick<Meeting, 'id' | 'title' | 'date'> | null;
  /** the reporting period (inclusive); defaults to everything up to asOf. */
  period?: { from?: string; to?: string };
  /** the previous digest, for "change since". */
  previous?: { asOf: string; summary: Summary; /** when it was sent (ISO timestamp). */ at?: string };
  agencies: AgencyNames;
  generatedAt?: string;
}

const byId = new Intl.Collator('en', { numeric: true }).compare;
const byName = new Intl.Collator('vi').compare;

const newer = (a: StatusEntry, b: StatusEntry) => isNewer(a, b);

export function emptyTotals(): Totals {
  return { tasks: 0, completed: 0, overdue: 0, inProgress: 0, recurring: 0, noReport: 0 };
}

/** The date a report speaks for: its document date, else the day it arrived. */
export function reportDay(r: Pick<Report, 'reportDate' | 'receivedAt'>): string {
  return (r.reportDate ?? r.receivedAt).slice(0, 10);
}

export function directiveLabel(t: Task): string {
  return `${t.directive.kind} ${t.directive.number} ngày ${viDate(t.directive.date)}`;
}

/** The due date, by the one rule (#shared/deadlines: a roadmap with a target year is due at that year's end). */
const dueOf = (t: Task): string | undefined => dueOfDeadline(t.deadline);

/** In force on `asOf`: its directive is dated by then and a later registry import has not withdrawn it. */
export function inForceOn(t: Task, asOf: string): boolean {
  return t.directive.date <= asOf && !(t.removed && t.removed.at.slice(0, 10) <= asOf);
}

function categorize(t: Task, due: string | undefined, entries: StatusEntry[], completed: boolean, asOf: string): Category {
  if (completed) return 'completed';
  if (t.deadline.kind === 'recurring') return 'recurring';
  if (!due && entries.some((e) => e.status === 'recurring')) return 'recurring';
  if (isOverdue(t.deadline, asOf)) return 'overdue';
  return 'inProgress';
}

const allCompleted = (entries: Array<StatusEntry | undefined>) =>
  entries.length > 0 && entries.every((e) => e?.status === 'completed');

const PROVINCE_GROUP = /province|tinh|dia_phuong|local/i;
const MINISTRY_GROUP = /ministr|bo_nganh|agenc|nganh/i;
const isProvinceId = (id: string) => /^(tinh|tp|thanh-pho)-/.test(id);

function annexSection(t: Task): 'A' | 'B' | 'C' {
  const code = t.section?.code?.trim().toUpperCase();
  if (code === 'A' || code === 'B' || code === 'C') return code;
  const groups = t.lead.groups ?? [];
  const hasProv = groups.some((g) => PROVINCE_GROUP.test(g)) || (t.lead.ids.length > 0 && t.lead.ids.every(isProvinceId));
  const hasMin = groups.some((g) => MINISTRY_GROUP.test(g)) || t.lead.ids.some((id) => !isProvinceId(id));
  if (groups.length && hasProv && hasMin) return 'A';
  if (hasProv && !hasMin) return 'C';
  return 'B';
}

function rowRef(row: StoredRow, reportsById: Map<string, Report>): RowRef {
  const rep = reportsById.get(row.reportId);
  return {
    reportId: row.reportId,
    rowId: row.rowId,
    fileName: rep?.fileName,
    agencyId: rep?.agencyId,
    stt: row.cells.stt,
    content: row.cells.content ?? row.cells.result ?? '',
    candidates: (row.match?.candidates ?? []).slice(0, 3).map((c) => ({ taskId: c.taskId, score: c.score })),
  };
}

interface Ctx {
  asOf: string;
  lk: Lookups;
  latest: LatestEntries;
  reportsById: Map<string, Report>;
  evidence(e: StatusEntry): Evidence;
  inPeriod(d: string): boolean;
}

/** One agency's view of a task: the task line, its own latest entry and how the task stands for it. */
interface OwnTask { line: TaskLine; own?: StatusEntry; category: Category }

function context(input: ConsolidateInput, period: Digest['period']): Ctx {
  const lk = lookups(input.agencies, input.asOf);
  const reportsById = new Map(input.reports.map((r) => [r.id, r]));
  return {
    asOf: input.asOf,
    lk,
    latest: latestEntries(input.statuses, input.asOf, lk.succ),
    reportsById,
    evidence: (e) => evidenceOf(e, (id) => reportsById.get(id)?.fileName, lk.succ),
    inPeriod: (d) => (!period.from || d >= period.from) && d <= period.to,
  };
}

/** In the order a reader expects: directive by date, then section and STT in natural order (A.2 before A.10). */
function tasksInForce(tasks: Task[], asOf: string): Task[] {
  return tasks.filter((t) => inForceOn(t, asOf))
    .sort((a, b) => (a.directive.date !== b.directive.date ? (a.directive.date < b.directive.date ? -1 : 1) : byId(a.id, b.id)));
}

/** The lead agencies as named today, with the agency named at assignment when it has since changed. */
function leadNames(t: Task, lk: Lookups): LeadName[] {
  const leads: LeadName[] = [];
  const seen = new Set<string>();
  for (const id of t.lead.ids) {
    const s = lk.succ(id);
    if (seen.has(s)) continue;
    seen.add(s);
    const lead: LeadName = { id: s, name: lk.name(s) };
    const assignedName = lk.name(id, t.directive.date);
    if (s !== id || assignedName !== lead.name) { lead.assignedId = id; lead.assignedName = assignedName; }
    leads.push(lead);
  }
  return leads;
}

/**
 * How the task stands: completed when every agency that answers for it says completed (for a group the directory
 * cannot list, every entry received); the latest evidence shown is that of the answering agencies when any reported.
 */
function taskLine(t: Task, ctx: Ctx): TaskLine {
  const due = dueOf(t);
  const per = ctx.latest.get(t.id);
  const all = per ? [...per.values()] : [];
  const share = taskAnswers(t, per, ctx.lk, ctx.evidence);
  const owners = new Set(share.answering.map((a) => a.id));
  const ownerEntries = share.answering.map((a) => per?.get(a.id)).filter((e): e is StatusEntry => !!e);
  const relevant = ownerEntries.length ? ownerEntries : all;
  const done = owners.size ? share.counts.completed === owners.size : allCompleted(all);
  let newest: StatusEntry | undefined;
  for (const e of relevant) if (!newest || newer(e, newest)) newest = e;
  return {
    taskId: t.id,
    stt: t.stt,
    content: t.content,
    directive: directiveLabel(t),
    annexSection: annexSection(t),
    leads: leadNames(t, ctx.lk),
    leadRaw: t.lead.raw,
    deadlineRaw: t.deadline.raw,
    due,
    category: categorize(t, due, relevant, done, ctx.asOf),
    latest: newest ? withReporter(ctx.evidence(newest), owners, ctx.lk) : undefined,
    reported: all.length > 0,
    share,
  };
}

/** Names the reporting agency when it does not answer for the task, so "Đã hoàn thành" under a late task reads right. */
const withReporter = (e: Evidence, owners: Set<string>, lk: Lookups): Evidence =>
  (e.agencyId && owners.size && !owners.has(e.agencyId) ? { ...e, otherAgencyName: lk.name(e.agencyId) } : e);

/** Task lines, the totals, and each answering agency's own view of its tasks. */
function taskLines(tasks: Task[], ctx: Ctx): { lines: TaskLine[]; totals: Totals; byAgency: Map<string, OwnTask[]> } {
  const totals = emptyTotals();
  const lines: TaskLine[] = [];
  const byAgency = new Map<string, OwnTask[]>();
  for (const t of tasks) {
    const line = taskLine(t, ctx);
    lines.push(line);
    totals.tasks++;
    totals[line.category]++;
    if (!line.reported) totals.noReport++;
    // per agency: each lead (and group member) counts the task by its own latest status
    const per = ctx.latest.get(t.id);
    for (const a of line.share.answering) {
      const own = per?.get(a.id);
      const category = categorize(t, line.due, own ? [own] : [], own?.status === 'completed', ctx.asOf);
      let list = byAgency.get(a.id);
      if (!list) { list = []; byAgency.set(a.id, list); }
      list.push({ line, own, category });
    }
  }
  return { lines, totals, byAgency };
}

/** Late tasks grouped by when they became late: each earlier year carried over apart, then the months of this year. */
export function lateGroupsOf(lines: TaskLine[], tasks: Task[], asOf: string): LateGroup[] {
  const year = asOf.slice(0, 4);
  const groups = new Map<string, LateGroup>();
  const taskById = new Map(tasks.map((t) => [t.id, t]));
  for (const line of lines) {
    if (line.category !== 'overdue' || !line.due) continue;
    // the secretariat labels a late task by the month it was due ("chậm muộn từ tháng 4/2024")
    const lateSince = lateMonth(taskById.get(line.taskId)!.deadline) ?? line.due.slice(0, 7);
    const dueYear = line.due.slice(0, 4);
    const key = dueYear < year ? dueYear : lateSince;
    let g = groups.get(key);
    if (!g) { g = { key, label: '', tasks: [], ...(dueYear < year ? { carriedFrom: Number(dueYear) } : {}) }; groups.set(key, g); }
    g.tasks.push({ ...line, due: line.due, lateSince });
  }
  const lateGroups = [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  for (const g of lateGroups) {
    g.tasks.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : byId(a.taskId, b.taskId)));
    g.label = lateGroupLabel(g);
  }
  return lateGroups;
}

/** "02 nhiệm vụ chậm muộn từ năm 2023 chuyển sang", "01 nhiệm vụ chậm muộn từ tháng 04/2024". */
export function lateGroupLabel(g: Pick<LateGroup, 'key' | 'carriedFrom' | 'tasks'>): string {
  const n = String(g.tasks.length).padStart(2, '0');
  return g.carriedFrom
    ? `${n} nhiệm vụ chậm muộn từ năm ${g.carriedFrom} chuyển sang`
    : `${n} nhiệm vụ chậm muộn từ ${viMonth(g.key)}`;
}

/** Reports of the period, oldest first, by the agency that answers for the sender today. */
function periodReportsOf(reports: Report[], ctx: Ctx): ReportRef[] {
  return reports
    .filter((r) => ctx.inPeriod(reportDay(r)))
    .map((r) => ({ reportId: r.id, fileName: r.fileName, date: reportDay(r), state: r.state, agencyId: r.agencyId ? ctx.lk.succ(r.agencyId) : undefined }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : byId(a.fileName, b.fileName)));
}

function groupBy<T>(xs: T[], key: (x: T) => string | undefined): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    if (k === undefined) continue;
    let l = m.get(k);
    if (!l) { l = []; m.set(k, l); }
    l.push(x);
  }
  return m;
}

/** One line per agency that answers for a task or reported in the period: its counts, reports and contacts. */
function agencyLinesOf(byAgency: Map<string, OwnTask[]>, periodReports: ReportRef[], contacts: AgencyContact[], lk: Lookups): AgencyLine[] {
  const reportsByAgency = groupBy(periodReports, (r) => r.agencyId);
  const emailsByAgency = new Map<string, Set<string>>();
  for (const c of contacts) {
    const a = lk.succ(c.agencyId);
    const s = emailsByAgency.get(a) ?? new Set<string>();
    for (const e of c.emails) s.add(e);
    emailsByAgency.set(a, s);
  }
  const ids = new Set([...byAgency.keys(), ...reportsByAgency.keys()]);
  return [...ids].map((id) => {
    const counts = emptyTotals();
    const late: string[] = [];
    for (const { line, own, category } of byAgency.get(id) ?? []) {
      counts.tasks++;
      counts[category]++;
      if (!own) counts.noReport++;
      if (category === 'overdue') late.push(line.taskId);
    }
    const reports = reportsByAgency.get(id) ?? [];
    return {
      id,
      name: lk.name(id),
      counts,
      reported: reports.some((r) => r.state !== 'failed' && r.state !== 'quarantined'),
      reports,
      emails: [...(emailsByAgency.get(id) ?? [])].sort(),
      expected: counts.tasks > counts.completed,
      late,
    };
  }).sort((a, b) => byName(a.name, b.name));
}

/** Newly completed (after the last digest, or in the period), newly late, and the change of the totals. */
function changesOf(lines: TaskLine[], lateGroups: LateGroup[], totals: Totals, input: ConsolidateInput, ctx: Ctx) {
  const cutoff = input.previous?.asOf;
  const sentAt = input.previous?.at;
  const newlyCompleted = lines.filter((l) => {
    if (l.category !== 'completed' || !l.latest) return false;
    // after the previous digest was made (its time, not its day: a report of that afternoon is new), else its date
    if (sentAt && l.latest.recordedAt) return l.latest.recordedAt > sentAt;
    return cutoff ? l.latest.reportDate > cutoff : ctx.inPeriod(l.latest.reportDate);
  });
  const lateIds = lateGroups.flatMap((g) => g.tasks.map((t) => t.taskId));
  const prevLate = new Set(input.previous?.summary.late.map((l) => l.taskId) ?? []);
  const newlyLate = input.previous ? lateIds.filter((id) => !prevLate.has(id)) : [];
  let previous: Digest['previous'];
  if (input.previous) {
    const p = input.previous.summary.totals;
    const change = emptyTotals();
    for (const k of Object.keys(change) as Array<keyof Totals>) change[k] = totals[k] - p[k];
    previous = { asOf: input.previous.asOf, totals: p, change };
  }
  return { newlyCompleted, newlyLate, previous };
}

/** Rows left for review, and rows reporting tasks not in the registry. */
function rowsToReview(input: ConsolidateInput, ctx: Ctx): { review: RowRef[]; unregistered: RowRef[] } {
  const registered = new Set(input.tasks.map((t) => t.id));
  const review = input.reviewRows.filter((r) => !r.override).map((r) => rowRef(r, ctx.reportsById));
  // the secretariat's "new" stands even when the matcher had proposed a registered task (review → new)
  const unregistered = input.unregisteredRows
    .filter((r) => !r.override || r.override.action === 'new')
    .filter((r) => r.override?.action === 'new' || !(r.match?.taskId && registered.has(r.match.taskId) && r.match.decision !== 'new'))
    .map((r) => rowRef(r, ctx.reportsById));
  return { review, unregistered };
}

export function consolidate(input: ConsolidateInput): Digest {
  const { asOf } = input;
  const period = { from: input.period?.from, to: input.period?.to ?? asOf };
  const ctx = context(input, period);
  const inForce = tasksInForce(input.tasks, asOf);
  const { lines, totals, byAgency } = taskLines(inForce, ctx);
  const lateGroups = lateGroupsOf(lines, inForce, asOf);
  const reports = periodReportsOf(input.reports, ctx);
  const agencies = agencyLinesOf(byAgency, reports, input.contacts, ctx.lk);
  const { newlyCompleted, newlyLate, previous } = changesOf(lines, lateGroups, totals, input, ctx);
  const { review, unregistered } = rowsToReview(input, ctx);
  return {
    asOf,
    generatedAt: input.generatedAt ?? new Date().toISOString(),
    meeting: input.meeting ? { id: input.meeting.id, title: input.meeting.title, date: input.meeting.date } : null,
    period,
    totals,
    previous,
    lateGroups,
    newlyLate,
    newlyCompleted,
    agencies,
    notReported: agencies.filter((a) => a.expected && !a.reported),
    reports,
    review,
    unregistered,
    tasks: lines,
  };
}

/** The matrix rows of the digest's tasks (for the console and `intake` commands: data, not text). */
export function digestMatrix(d: Pick<Digest, 'tasks'>): TaskAnswers[] {
  return d.tasks.map((t) => t.share);
}
