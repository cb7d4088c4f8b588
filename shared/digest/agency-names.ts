/**
 * The digest's view of the agency directory (shared/agencies): names and successors on a date, and the members of
 * a group word as listed in seeds/agencies/groups.tsv (types of agencies; "-" = no member list).
 */
import { agencyDirectory } from '#shared/agencies/directory';
import type { AgencyType } from '#shared/agencies/model';
import { groupMemberships } from '#shared/agencies/groups';
import type { AgencyKind, AgencyNames } from './matrix';

const KIND: Partial<Record<AgencyType, AgencyKind>> = {
  ministry: 'ministry', ministry_level: 'ministry', government_agency: 'ministry', province: 'province', city: 'province',
};

export function directoryNames(): AgencyNames {
  const dir = agencyDirectory();
  const groups = groupMemberships();
  return {
    successorOn: (id, date) => (dir.get(id) ? dir.successorOn(id, date) : id),
    nameOn: (id, date) => (dir.get(id) ? dir.nameOn(id, date) : id),
    membersOn: (group, date) => {
      const types = groups.get(group)?.types;
      return types ? dir.all({ asOf: date, types }).map((a) => a.id) : undefined;
    },
    kindOf: (id) => KIND[dir.get(id)?.type ?? 'other'] ?? 'other',
  };
}
