/**
 * Who a group word in an agency cell stands for ("Các bộ, ngành", "UBND các tỉnh, thành phố"), as listed in
 * seeds/agencies/groups.tsv: agency types taken on a date ("-" = the group has no member list). The one membership
 * rule: the digest's task × agency matrix, the templates' selection and the agency pages all read it from here.
 */
import { readFileSync } from 'node:fs';
import { AgencyType } from './model';
import { seedPath } from '#shared/domain/seeds';

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

/** Is an agency of `type` a member of one of `groups`? (a group with no member list has none.) */
export function inGroups(groups: readonly string[] | undefined, type: string | undefined): boolean {
  if (!groups?.length || !type) return false;
  const list = groupMemberships();
  return groups.some((g) => list.get(g)?.types?.some((t) => t === type) ?? false);
}
