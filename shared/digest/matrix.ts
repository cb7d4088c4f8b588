/**
 * Who answers for a task on a date, and how each of them stands: the task × agency matrix. One function computes
 * it (`taskAgencyMatrix`); the digest, its per-agency lines, `intake` commands and the console all read it.
 *
 * - Answering: the task's lead agencies (today's successors), then the members of every group word in its lead cell
 *   ("Các bộ, ngành, địa phương", "UBND các tỉnh, thành phố" …) as listed in seeds/agencies/groups.tsv on that date.
 *   Groups without a member list ("các cơ quan liên quan") are named in `unlisted`, never expanded.
 * - Coordinators (the "phối hợp" cell) are listed apart with their own status; they never decide the task.
 * - Each one's status is its latest evidence as of the date (report date, then the secretariat over the matcher,
 *   then recorded time); a predecessor's reports count for its successor. Nothing in the period: "chưa báo cáo".
 */
import type { Report, StatusEntry } from '#shared/domain/report';
import type { Task } from '#shared/domain/task';
import type { AgencyAnswer, AgencyKind, Evidence, Role, ShareCounts, Standing, TaskAnswers } from './model';

export type { AgencyAnswer, AgencyKind, Role, ShareCounts, Standing, TaskAnswers } from './model';

/** How agencies are named and who answers for them on a date (shared/agencies provides the real one). */
export interface AgencyNames {
  /** the id that answers for `id` on `date` (itself when unchanged). */
  successorOn(id: string, date: string): string;
  nameOn(id: string, date: string): string;
  /** members of a group word ("all_ministries", "all_provinces", …) on a date; undefined when the group has no list. */
  membersOn?(group: string, date: string): string[] | undefined;
  /** what kind of agency it is, for wording counts ("bộ, ngành", "địa phương"). */
  kindOf?(id: string): AgencyKind;
}

export interface MatrixInput {
  asOf: string;
  tasks: Task[];
  statuses: StatusEntry[];
  reports: Pick<Report, 'id' | 'fileName'>[];
  agencies: AgencyNames;
}

const byName = new Intl.Collator('vi').compare;

/** Memoised directory lookups on one date (the directory is consulted once per id). */
export interface Lookups {
  asOf: string;
  succ(id: string): string;
  name(id: string, date?: string): string;
  members(group: string): string[] | undefined;
  kind(id: string): AgencyKind;
}

export function lookups(agencies: AgencyNames, asOf: string): Lookups {
  const memo = <T>(f: (k: string) => T) => {
    const m = new Map<string, T>();
    return (k: string) => { if (!m.has(k)) m.set(k, f(k)); return m.get(k)!; };
  };
  const succ = memo((id) => agencies.successorOn(id, asOf) || id);
  const nameAt = memo((k) => { const [id, d] = k.split('|'); return agencies.nameOn(id!, d!) || id!; });
  return {
    asOf,
    succ,
    name: (id, date = asOf) => nameAt(`${id}|${date}`),
    members: memo((g) => agencies.membersOn?.(g, asOf)),
    kind: memo((id) => agencies.kindOf?.(id) ?? guessKind(id)),
  };
}

const guessKind = (id: string): AgencyKind => (/^(tinh|tp|thanh-pho)-/.test(id) ? 'province' : /^bo-/.test(id) ? 'ministry' : 'other');

/**
 * What counts as a report on a task: not an entry the secretariat withdrew (retracted), and not a blank row (no status,
 * no result text — e.g. a returned template row left empty), which must neither hide an earlier answer nor count as
 * "reported".
 */
export function isEvidence(e: StatusEntry): boolean {
  return !e.retractedAt && (e.status !== null || !!e.result?.trim());
}

/** a is newer than b: report date, then the secretariat over the matcher, then recorded time. */
export function newer(a: StatusEntry, b: StatusEntry): boolean {
  if (a.reportDate !== b.reportDate) return a.reportDate > b.reportDate;
  const sa = a.by === 'secretariat' ? 1 : 0;
  const sb = b.by === 'secretariat' ? 1 : 0;
  if (sa !== sb) return sa > sb;
  return a.recordedAt > b.recordedAt;
}

/** task id → (answering agency id, today's successor | "report:<id>" for entries without agency) → latest entry. */
export type LatestEntries = Map<string, Map<string, StatusEntry>>;

export function latestEntries(statuses: StatusEntry[], asOf: string, succ: (id: string) => string): LatestEntries {
  const latest: LatestEntries = new Map();
  for (const e of statuses) {
    if (e.reportDate.slice(0, 10) > asOf || !isEvidence(e)) continue;
    let per = latest.get(e.taskId);
    if (!per) { per = new Map(); latest.set(e.taskId, per); }
    const key = e.agencyId ? succ(e.agencyId) : `report:${e.reportId}`;
    const cur = per.get(key);
    if (!cur || newer(e, cur)) per.set(key, e);
  }
  return latest;
}

export function evidenceOf(e: StatusEntry, fileName: (reportId: string) => string | undefined, succ: (id: string) => string): Evidence {
  return {
    reportId: e.reportId,
    fileName: fileName(e.reportId),
    reportDate: e.reportDate.slice(0, 10),
    agencyId: e.agencyId ? succ(e.agencyId) : undefined,
    status: e.status,
    result: e.result,
    recordedAt: e.recordedAt,
  };
}

/** Who answers for the task on the date: leads, then members of its group words; the groups with no list apart. */
export function answeringIds(t: Task, lk: Lookups): { ids: Array<{ id: string; role: Role; group?: string }>; unlisted: string[] } {
  const seen = new Set<string>();
  const ids: Array<{ id: string; role: Role; group?: string }> = [];
  for (const id of t.lead.ids.map(lk.succ)) if (!seen.has(id)) { seen.add(id); ids.push({ id, role: 'lead' }); }
  const unlisted: string[] = [];
  for (const g of t.lead.groups ?? []) {
    const members = lk.members(g);
    if (!members) { unlisted.push(g); continue; }
    const fresh = [...new Set(members.map(lk.succ))].filter((m) => !seen.has(m)).sort((a, b) => byName(lk.name(a), lk.name(b)));
    for (const m of fresh) { seen.add(m); ids.push({ id: m, role: 'member', group: g }); }
  }
  return { ids, unlisted };
}

export const standingOf = (e: StatusEntry | undefined): Standing =>
  (!e ? 'notReported' : e.status === 'completed' ? 'completed' : 'notCompleted');

export function countsOf(answering: AgencyAnswer[]): ShareCounts {
  const c: ShareCounts = { answering: answering.length, completed: 0, notCompleted: 0, notReported: 0 };
  for (const a of answering) c[a.standing]++;
  return c;
}

/** One task's row of the matrix, from the latest entries of its agencies. */
export function taskAnswers(t: Task, per: Map<string, StatusEntry> | undefined, lk: Lookups, evidence: (e: StatusEntry) => Evidence): TaskAnswers {
  const answer = (id: string, role: Role, group?: string): AgencyAnswer => {
    const e = per?.get(id);
    const a: AgencyAnswer = { id, name: lk.name(id), kind: lk.kind(id), role, standing: standingOf(e) };
    if (group) a.group = group;
    if (e) a.latest = evidence(e);
    return a;
  };
  const { ids, unlisted } = answeringIds(t, lk);
  const answering = ids.map((x) => answer(x.id, x.role, x.group));
  const owners = new Set(ids.map((x) => x.id));
  const coordIds = [...new Set((t.coord?.ids ?? []).map(lk.succ))].filter((id) => !owners.has(id));
  return { taskId: t.id, answering, coordinators: coordIds.map((id) => answer(id, 'coordinator')), unlisted, counts: countsOf(answering) };
}

/** The task × agency matrix on a date: every task given, with who answers for it and how each one stands. */
export function taskAgencyMatrix(input: MatrixInput): TaskAnswers[] {
  const lk = lookups(input.agencies, input.asOf);
  const latest = latestEntries(input.statuses, input.asOf, lk.succ);
  const files = new Map(input.reports.map((r) => [r.id, r.fileName]));
  const evidence = (e: StatusEntry) => evidenceOf(e, (id) => files.get(id), lk.succ);
  return input.tasks.map((t) => taskAnswers(t, latest.get(t.id), lk, evidence));
}
