/** The digest's view of the agency directory (shared/agencies): names and successors on a date, group members. */
import { agencyDirectory } from '../agencies';
import type { AgencyNames } from './consolidate';

const MINISTRY_TYPES = new Set(['ministry', 'ministry_level', 'government_agency']);
const PROVINCE_TYPES = new Set(['province', 'city']);

export function directoryNames(): AgencyNames {
  const dir = agencyDirectory();
  const existsOn = (a: { validFrom?: string; validTo?: string }, date: string) =>
    (!a.validFrom || a.validFrom <= date) && (!a.validTo || a.validTo >= date);
  return {
    successorOn: (id, date) => (dir.get(id) ? dir.successorOn(id, date) : id),
    nameOn: (id, date) => (dir.get(id) ? dir.nameOn(id, date) : id),
    membersOn(group, date) {
      const types = group === 'all_ministries' ? MINISTRY_TYPES : group === 'all_provinces' ? PROVINCE_TYPES : undefined;
      if (!types) return [];
      return dir.all().filter((a) => types.has(a.type) && existsOn(a, date)).map((a) => a.id);
    },
  };
}
