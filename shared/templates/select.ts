/**
 * Which tasks go into an agency's template: those it leads or partners on — directly, through the agency that
 * gave them (successor mapping as of the period's end: a task given to Bộ TTTT in 2024 is Bộ KH&CN's in 2026),
 * or through a group word ("các bộ, ngành", "các địa phương") that covers it (the members of seeds/agencies/groups.tsv,
 * as the digest counts them: government agencies are not "bộ, ngành" unless a cell names them).
 */
import type { Task } from '#shared/domain/task';
import type { Period } from './period';
import { inGroups } from '#shared/agencies/groups';

export type Role = 'lead' | 'coord';

export interface TemplateTask {
  task: Task;
  role: Role;
  /** true when the role comes from a group word, not a named agency. */
  viaGroup: boolean;
}

/** What the selection needs of the agency directory (shared/agencies). */
export interface AgencyLookup {
  /** does a report from `agencyId` on `isoDate` count for a task given to `taskAgencyId`? */
  answersFor(taskAgencyId: string, agencyId: string, isoDate: string): boolean;
  /** agency type: ministry, province, city, … */
  typeOf(agencyId: string): string | undefined;
}

export function tasksForAgency(tasks: Task[], agencyId: string, period: Period, dir: AgencyLookup): TemplateTask[] {
  const asOf = period.end;
  const type = dir.typeOf(agencyId);
  const out: TemplateTask[] = [];
  for (const task of tasks) {
    if ((task as { removed?: unknown }).removed) continue;
    const leads = task.lead.ids.some((id) => dir.answersFor(id, agencyId, asOf));
    const coords = task.coord?.ids.some((id) => dir.answersFor(id, agencyId, asOf)) ?? false;
    if (leads) out.push({ task, role: 'lead', viaGroup: false });
    else if (coords) out.push({ task, role: 'coord', viaGroup: false });
    else if (inGroups(task.lead.groups, type)) out.push({ task, role: 'lead', viaGroup: true });
    else if (inGroups(task.coord?.groups, type)) out.push({ task, role: 'coord', viaGroup: true });
  }
  return out.sort((a, b) => compareTasks(a.task, b.task));
}

const num = (s: string) => (/^\d+$/.test(s) ? Number(s) : Number.NaN);

export function compareTasks(a: Task, b: Task): number {
  if (a.directive.date !== b.directive.date) return a.directive.date < b.directive.date ? -1 : 1;
  if (a.directive.number !== b.directive.number) return a.directive.number < b.directive.number ? -1 : 1;
  const sa = a.section?.code ?? '';
  const sb = b.section?.code ?? '';
  if (sa !== sb) return sa < sb ? -1 : 1;
  const na = num(a.stt);
  const nb = num(b.stt);
  if (!Number.isNaN(na) && !Number.isNaN(nb) && na !== nb) return na - nb;
  return a.stt.localeCompare(b.stt, 'vi', { numeric: true });
}

export const ROLE_VI: Record<Role, string> = { lead: 'Chủ trì', coord: 'Phối hợp' };
