/**
 * The digest's view of the agency directory (shared/agencies): names and successors on a date, and the members of
 * a group word as listed in seeds/agencies/groups.tsv (types of agencies; "-" = no member list).
 */
import { readFileSync } from 'node:fs';
import { agencyDirectory } from '#shared/agencies/directory';
import { AgencyType } from '#shared/agencies/model';
import { seedPath } from '#shared/domain/seeds';
import type { AgencyKind, AgencyNames } from './matrix';

export interface GroupMembership {
  group: string;
  /** agency types that are members; undefined: the group has no member list. */
  types?: AgencyType[];
  label: string;
}

let cached: Map<string, GroupMembership> | undefined;

/** seeds/agencies/groups.tsv, parsed (comment lines start with #; the first other line is the header). */
export function groupMemberships(text?: string): Map<string, GroupMembership> {
  if (!text && cached) return cached;
  const lines = (text ?? readFileSync(seedPath('agencies', 'groups.tsv'), 'utf8')).split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  const out = new Map<string, GroupMembership>();
  for (const line of lines.slice(1)) {
    const [group, members, label] = line.split('\t').map((c) => c.trim());
    if (!group || !members) throw new Error(`groups.tsv: bad line "${line.slice(0, 60)}"`);
    out.set(group, { group, label: label ?? group, types: members === '-' ? undefined : members.split(',').map((m) => AgencyType.parse(m.trim())) });
  }
  if (!text) cached = out;
  return out;
}

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
