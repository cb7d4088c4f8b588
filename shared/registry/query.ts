/** Questions asked of the registry: which tasks concern an agency (directly or as the successor of a 2025 merger). */
import type { Task } from '#shared/domain/task';
import { vnToday } from '#shared/domain/dates';
import { inGroups } from '#shared/agencies/groups';

/**
 * Tasks whose lead or coordinating agencies include `agencyId`, or an agency `agencyId` answers for on `asOf`
 * (a task given to Bộ TTTT in 2024 is owed by Bộ KH&CN in 2026), or a group word the agency is a member of.
 */
export async function tasksForAgency(tasks: Task[], agencyId: string, asOf: string = vnToday()): Promise<Task[]> {
  const { agencyDirectory } = await import('#shared/agencies');
  const dir = agencyDirectory();
  const answersFor = (id: string) => {
    if (id === agencyId) return true;
    try {
      return dir.successorOn(id, asOf) === agencyId;
    } catch {
      return false;
    }
  };
  // a group word ("Các bộ, ngành", "UBND các tỉnh") counts its members as the digest does (shared/agencies/groups)
  const type = dir.get(agencyId)?.type;
  return tasks.filter((t) => [...t.lead.ids, ...(t.coord?.ids ?? [])].some(answersFor) || inGroups(t.lead.groups, type) || inGroups(t.coord?.groups, type));
}
