/**
 * The agency directory: ministries, agencies, provinces (63 before 2025-07-01, 34 after), their spellings and who
 * answers for whom across the 2025 restructuring. Loaded once from seeds/agencies/agencies.json (built by build.ts).
 */
import { readFileSync } from 'node:fs';
import { seedPath } from '#shared/domain/seeds';
import { headerKey } from '#shared/domain/vietnamese';
import { AgencyData, type Agency } from './model';

export interface AgencyDirectory {
  get(id: string): Agency | undefined;
  /** every agency, historical ones included; with `asOf`, only those existing on that date. */
  all(opts?: { asOf?: string; types?: Agency['type'][] }): Agency[];
  /** exact lookup by id, name, code or alias (case, diacritics and punctuation ignored); sub-units give themselves. */
  find(nameOrAbbr: string): Agency | undefined;
  /** the id that answers on that date for a task given to `id` (follows successors; sub-units → their agency). */
  successorOn(id: string, isoDate: string): string;
  /** the name of whoever answers for `id` on that date. */
  nameOn(id: string, isoDate: string): string;
  /** true when `id` exists on that date. */
  existsOn(id: string, isoDate: string): boolean;
  /** the agencies that answered for `id` before (predecessors, transitively). */
  predecessorsOf(id: string): string[];
  /** every alias key → id, for the resolver (keys are headerKey()). */
  readonly keys: ReadonlyMap<string, string>;
  readonly groups: Readonly<Record<string, string>>;
}

let cached: AgencyDirectory | undefined;

export function agencyDirectory(): AgencyDirectory {
  if (!cached) {
    const data = AgencyData.parse(JSON.parse(readFileSync(seedPath('agencies', 'agencies.json'), 'utf8')));
    cached = makeDirectory(data);
  }
  return cached;
}

const day = (d: string) => d.slice(0, 10);

export function makeDirectory(data: AgencyData): AgencyDirectory {
  const byId = new Map(data.agencies.map((a) => [a.id, a]));
  const keys = new Map<string, string>();
  // names and codes win over aliases; earlier agencies win over later ones for the same key
  for (const a of data.agencies) for (const n of [a.name, a.code]) if (n && !keys.has(headerKey(n))) keys.set(headerKey(n), a.id);
  for (const a of data.agencies) for (const n of a.aliases) if (!keys.has(headerKey(n))) keys.set(headerKey(n), a.id);
  const preds = new Map<string, string[]>();
  for (const a of data.agencies) if (a.successor) preds.set(a.successor, [...(preds.get(a.successor) ?? []), a.id]);

  const existsOn = (id: string, d: string) => {
    const a = byId.get(id);
    if (!a) return false;
    return (!a.validFrom || a.validFrom <= day(d)) && (!a.validTo || day(d) <= a.validTo);
  };

  const successorOn = (id: string, isoDate: string): string => {
    let cur = byId.get(id)?.unitOf ?? id;
    for (let hops = 0; hops < 10; hops++) {
      const a = byId.get(cur);
      if (!a || !a.successor || !a.validTo || day(isoDate) <= a.validTo) return cur;
      cur = a.successor;
    }
    return cur;
  };

  return {
    keys,
    groups: data.groups,
    get: (id) => byId.get(id),
    all: (opts = {}) =>
      data.agencies.filter((a) => (!opts.asOf || existsOn(a.id, opts.asOf)) && (!opts.types || opts.types.includes(a.type))),
    find: (s) => {
      const id = keys.get(headerKey(s ?? ''));
      return id ? byId.get(id) : byId.get(String(s ?? '').trim());
    },
    successorOn,
    nameOn: (id, isoDate) => {
      const a = byId.get(successorOn(id, isoDate));
      return a?.name ?? id;
    },
    existsOn,
    predecessorsOf: (id) => {
      const out: string[] = [];
      const walk = (x: string) => {
        for (const p of preds.get(x) ?? []) if (!out.includes(p)) { out.push(p); walk(p); }
      };
      walk(id);
      return out;
    },
  };
}

/** The agencies a task's agency sits under on a date (BHXH Việt Nam → Bộ Tài chính from 2025-03-01). */
function parentsOn(dir: AgencyDirectory, id: string, isoDate: string): string[] {
  const a = dir.get(id);
  return (a?.parents ?? [])
    .filter((p) => (!p.from || p.from <= day(isoDate)) && (!p.to || day(isoDate) <= p.to))
    .map((p) => p.id);
}

/**
 * Does a report from `reportingAgencyId` on `isoDate` count for a task given to `taskAgencyId`?
 * Yes when it is the same agency, the one that answers for it on that date (Bộ KH&CN in 2026 for a task given to
 * Bộ TTTT in 2024; Tuyên Quang after 2025-07-01 for a task given to Hà Giang), or — for an agency that sits under
 * another (BHXH Việt Nam under Bộ Tài chính from 2025-03-01) — that parent.
 */
export function answersFor(taskAgencyId: string, reportingAgencyId: string, isoDate: string, dir = agencyDirectory()): boolean {
  const task = dir.get(taskAgencyId)?.unitOf ?? taskAgencyId;
  const reporter = dir.get(reportingAgencyId)?.unitOf ?? reportingAgencyId;
  if (task === reporter) return true;
  const owed = dir.successorOn(task, isoDate);
  if (reporter === owed || dir.successorOn(reporter, isoDate) === owed) return true;
  return parentsOn(dir, owed, isoDate).includes(reporter);
}
