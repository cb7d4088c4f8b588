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
 * - A late task became late in the month of its due date; due dates in earlier years are "carried over".
 */
import type { Task } from '#shared/domain/task';
import { viDate } from '#shared/domain/dates';
import { dueOf as dueOfDeadline, isOverdue, lateSince as lateMonth } from '#shared/deadlines';
import type { AgencyContact } from '#shared/domain/contact';
import type { Meeting } from '#shared/domain/meeting';
import type { Report, StatusEntry, StoredRow } from '#shared/domain/report';
import type {
  AgencyLine, Category, Digest, Evidence, LateGroup, LeadName, ReportRef, RowRef, Summary, TaskLine, Totals,
} from './model';

/** How agencies are named and who answers for them on a date (shared/agencies provides the real one). */
export interface AgencyNames {
  /** the id that answers for `id` on `date` (itself when unchanged). */
  successorOn(id: string, date: string): string;
  nameOn(id: string, date: string): string;
  /** members of a group word ("all_ministries", "all_provinces", …) on a date, when known. */
  membersOn?(group: string, date: string): string[];
}

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
  previous?: { asOf: string; summary: Summary };
  agencies: AgencyNames;
  generatedAt?: string;
}

const byId = new Intl.Collator('en', { numeric: true }).compare;
const byName = new Intl.Collator('vi').compare;

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

/**
 * What counts as a report on a task: not an entry the secretariat withdrew (retracted), and not a blank row (no status,
 * no result text — e.g. a returned template row left empty), which must neither hide an earlier answer nor count as
 * "reported".
 */
export function isEvidence(e: StatusEntry): boolean {
  return !e.retractedAt && (e.status !== null || !!e.result?.trim());
}

function newer(a: StatusEntry, b: StatusEntry): boolean {
  if (a.reportDate !== b.reportDate) return a.reportDate > b.reportDate;
  const sa = a.by === 'secretariat' ? 1 : 0;
  const sb = b.by === 'secretariat' ? 1 : 0;
  if (sa !== sb) return sa > sb;
  return a.recordedAt > b.recordedAt;
}

/** The due date, by the one rule (#shared/deadlines: a roadmap with a target year is due at that year's end). */
const dueOf = (t: Task): string | undefined => dueOfDeadline(t.deadline);

/** In force on `asOf`: its directive is dated by then and a later registry import has not withdrawn it. */
export function inForceOn(t: Task, asOf: string): boolean {
  return t.directive.date <= asOf && !(t.removed && t.removed.at.slice(0, 10) <= asOf);
}

/**
 * completed: every lead agency's latest entry says completed (tasks led by named agencies), or — for tasks led
 * by a group ("Các bộ, ngành, địa phương") — every entry received says completed.
 */
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

export function consolidate(input: ConsolidateInput): Digest {
  const { asOf, agencies } = input;
  const period = { from: input.period?.from, to: input.period?.to ?? asOf };
  const inPeriod = (d: string) => (!period.from || d >= period.from) && d <= period.to;

  // memoised agency lookups (the directory is consulted once per id)
  const succCache = new Map<string, string>();
  const succ = (id: string) => {
    let s = succCache.get(id);
    if (s === undefined) { s = agencies.successorOn(id, asOf) || id; succCache.set(id, s); }
    return s;
  };
  const nameCache = new Map<string, string>();
  const nameOn = (id: string, date: string) => {
    const k = `${id}|${date}`;
    let n = nameCache.get(k);
    if (n === undefined) { n = agencies.nameOn(id, date) || id; nameCache.set(k, n); }
    return n;
  };
  const groupCache = new Map<string, string[]>();
  const members = (g: string) => {
    let m = groupCache.get(g);
    if (!m) { m = agencies.membersOn?.(g, asOf) ?? []; groupCache.set(g, m); }
    return m;
  };

  const reportsById = new Map(input.reports.map((r) => [r.id, r]));

  // latest entry per (task, agency), as of asOf
  const latest = new Map<string, Map<string, StatusEntry>>();
  for (const e of input.statuses) {
    if (e.reportDate.slice(0, 10) > asOf) continue;
    if (!isEvidence(e)) continue;
    let per = latest.get(e.taskId);
    if (!per) { per = new Map(); latest.set(e.taskId, per); }
    const key = e.agencyId ? succ(e.agencyId) : `report:${e.reportId}`;
    const cur = per.get(key);
    if (!cur || newer(e, cur)) per.set(key, e);
  }
  const evidence = (e: StatusEntry): Evidence => ({
    reportId: e.reportId,
    fileName: reportsById.get(e.reportId)?.fileName,
    reportDate: e.reportDate.slice(0, 10),
    agencyId: e.agencyId ? succ(e.agencyId) : undefined,
    status: e.status,
    result: e.result,
  });

  // in the order a reader expects: directive by date, then section and STT in natural order (A.2 before A.10)
  const inForce = input.tasks.filter((t) => inForceOn(t, asOf))
    .sort((a, b) => (a.directive.date !== b.directive.date ? (a.directive.date < b.directive.date ? -1 : 1) : byId(a.id, b.id)));
  const totals = emptyTotals();
  const lines: TaskLine[] = [];
  const agencyTasks = new Map<string, Array<{ line: TaskLine; own?: StatusEntry; category: Category }>>();
  const registered = new Set(input.tasks.map((t) => t.id));

  /** names the reporting agency when it does not answer for the task, so "Đã hoàn thành" under a late task reads right. */
  const withReporter = (e: Evidence, owners: Set<string>): Evidence =>
    (e.agencyId && owners.size && !owners.has(e.agencyId) ? { ...e, otherAgencyName: nameOn(e.agencyId, asOf) } : e);

  for (const t of inForce) {
    const due = dueOf(t);
    const leadIds = [...new Set(t.lead.ids.map(succ))];
    const per = latest.get(t.id);
    const all = per ? [...per.values()] : [];
    // who answers for the task: its lead agencies and the members of its group words ("Các bộ, ngành")
    const owners = new Set(leadIds);
    for (const g of t.lead.groups ?? []) for (const m of members(g)) owners.add(succ(m));
    const ownerSlots = [...owners].map((id) => per?.get(id));
    const ownerEntries = ownerSlots.filter((e): e is StatusEntry => !!e);
    const relevant = ownerEntries.length ? ownerEntries : all;
    const category = categorize(t, due, relevant, owners.size ? allCompleted(ownerSlots) : allCompleted(all), asOf);
    let newest: StatusEntry | undefined;
    for (const e of relevant) if (!newest || newer(e, newest)) newest = e;
    const leads: LeadName[] = [];
    const seen = new Set<string>();
    for (const id of t.lead.ids) {
      const s = succ(id);
      if (seen.has(s)) continue;
      seen.add(s);
      const lead: LeadName = { id: s, name: nameOn(s, asOf) };
      const assignedName = nameOn(id, t.directive.date);
      if (s !== id || assignedName !== lead.name) { lead.assignedId = id; lead.assignedName = assignedName; }
      leads.push(lead);
    }
    const line: TaskLine = {
      taskId: t.id,
      stt: t.stt,
      content: t.content,
      directive: directiveLabel(t),
      annexSection: annexSection(t),
      leads,
      leadRaw: t.lead.raw,
      deadlineRaw: t.deadline.raw,
      due,
      category,
      latest: newest ? withReporter(evidence(newest), owners) : undefined,
      reported: all.length > 0,
    };
    lines.push(line);
    totals.tasks++;
    totals[category]++;
    if (!line.reported) totals.noReport++;

    // per agency: each lead (and group member) counts the task by its own latest status
    for (const a of owners) {
      const own = per?.get(a);
      const cat = categorize(t, due, own ? [own] : [], own?.status === 'completed', asOf);
      let list = agencyTasks.get(a);
      if (!list) { list = []; agencyTasks.set(a, list); }
      list.push({ line, own, category: cat });
    }
  }

  // late tasks grouped by when they became late
  const year = asOf.slice(0, 4);
  const groups = new Map<string, LateGroup>();
  const taskById = new Map(inForce.map((t) => [t.id, t]));
  for (const line of lines) {
    if (line.category !== 'overdue' || !line.due) continue;
    // the secretariat labels a late task by the month it was due ("chậm muộn từ tháng 4/2024")
    const lateSince = lateMonth(taskById.get(line.taskId)!.deadline) ?? line.due.slice(0, 7);
    const key = line.due.slice(0, 4) < year ? 'carried' : lateSince;
    let g = groups.get(key);
    if (!g) { g = { key, label: '', tasks: [] }; groups.set(key, g); }
    g.tasks.push({ ...line, due: line.due, lateSince });
  }
  const lateGroups = [...groups.values()].sort((a, b) => (a.key === 'carried' ? -1 : b.key === 'carried' ? 1 : a.key < b.key ? -1 : 1));
  for (const g of lateGroups) {
    g.tasks.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : byId(a.taskId, b.taskId)));
    const n = String(g.tasks.length).padStart(2, '0');
    g.label = g.key === 'carried'
      ? `${n} nhiệm vụ chậm muộn từ ${Number(year) - 1} chuyển sang`
      : `${n} nhiệm vụ chậm muộn từ tháng ${g.key.slice(5, 7)}/${g.key.slice(0, 4)}`;
  }

  // reports of the period, by agency (today's successor)
  const periodReports: ReportRef[] = input.reports
    .filter((r) => inPeriod(reportDay(r)))
    .map((r) => ({ reportId: r.id, fileName: r.fileName, date: reportDay(r), state: r.state, agencyId: r.agencyId ? succ(r.agencyId) : undefined }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : byId(a.fileName, b.fileName)));
  const reportsByAgency = new Map<string, ReportRef[]>();
  for (const r of periodReports) {
    if (!r.agencyId) continue;
    let l = reportsByAgency.get(r.agencyId);
    if (!l) { l = []; reportsByAgency.set(r.agencyId, l); }
    l.push(r);
  }
  const emailsByAgency = new Map<string, Set<string>>();
  for (const c of input.contacts) {
    const a = succ(c.agencyId);
    let s = emailsByAgency.get(a);
    if (!s) { s = new Set(); emailsByAgency.set(a, s); }
    for (const e of c.emails) s.add(e);
  }

  const agencyIds = new Set([...agencyTasks.keys(), ...reportsByAgency.keys()]);
  const agencyLines: AgencyLine[] = [...agencyIds].map((id) => {
    const counts = emptyTotals();
    for (const { own, category } of agencyTasks.get(id) ?? []) {
      counts.tasks++;
      counts[category]++;
      if (!own) counts.noReport++;
    }
    const reports = reportsByAgency.get(id) ?? [];
    return {
      id,
      name: nameOn(id, asOf),
      counts,
      reported: reports.some((r) => r.state !== 'failed' && r.state !== 'quarantined'),
      reports,
      emails: [...(emailsByAgency.get(id) ?? [])].sort(),
      expected: counts.tasks > counts.completed,
    };
  }).sort((a, b) => byName(a.name, b.name));

  // newly completed: completed tasks whose completing report came after the last digest (or in the period)
  const cutoff = input.previous?.asOf;
  const newlyCompleted = lines.filter((l) => {
    if (l.category !== 'completed' || !l.latest) return false;
    if (cutoff) return l.latest.reportDate > cutoff;
    return inPeriod(l.latest.reportDate);
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

  const review = input.reviewRows.filter((r) => !r.override).map((r) => rowRef(r, reportsById));
  // the secretariat's "new" stands even when the matcher had proposed a registered task (review → new)
  const unregistered = input.unregisteredRows
    .filter((r) => !r.override || r.override.action === 'new')
    .filter((r) => r.override?.action === 'new' || !(r.match?.taskId && registered.has(r.match.taskId) && r.match.decision !== 'new'))
    .map((r) => rowRef(r, reportsById));

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
    agencies: agencyLines,
    notReported: agencyLines.filter((a) => a.expected && !a.reported),
    reports: periodReports,
    review,
    unregistered,
    tasks: lines,
  };
}
