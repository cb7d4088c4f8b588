/** The digest's view of the agency directory (shared/agencies): names and successors on a date, group members. */
import { agencyDirectory } from '#shared/agencies/directory';
import type { AgencyNames } from './consolidate';

const GROUP_TYPES: Record<string, Array<'ministry' | 'ministry_level' | 'government_agency' | 'province' | 'city'>> = {
  all_ministries: ['ministry', 'ministry_level', 'government_agency'],
  all_provinces: ['province', 'city'],
};

export function directoryNames(): AgencyNames {
  const dir = agencyDirectory();
  return {
    successorOn: (id, date) => (dir.get(id) ? dir.successorOn(id, date) : id),
    nameOn: (id, date) => (dir.get(id) ? dir.nameOn(id, date) : id),
    membersOn: (group, date) => (GROUP_TYPES[group] ? dir.all({ asOf: date, types: GROUP_TYPES[group] }).map((a) => a.id) : []),
  };
}
